#!/usr/bin/env bash
# Reproduces BENCHMARKS.md. Usage: ./benchmark.sh peak | gemm | kernel [DEPTHS [PROCESSES]] | checkpoint | model | explain-tiny | explain-default [LAYER RULES RUNS] | explain-vit [LAYER RULES] | train [STEPS [MODEL_DIR]] | train-peer [STEPS [BATCH TOKENS IMAGE_PX]] | index [COUNT K [search]] | spark [COUNT ROUNDS] | peers [ROUNDS] | siglip [ROUNDS] | rn50-peer [ROUNDS] | align [ROUNDS] | grounding [IMAGES] | serve-load [REQUESTS]
# The ViT-B/16-shaped checkpoint is random (no pretrained weights can be downloaded here);
# it borrows CLIP's tokenizer files from the fixture checkpoint beside the repository.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
cd "$root"
mvn -q -B -ntp -DskipTests install >&2
mkdir -p "$root/bench-out"
cp="duet-bench/target/duet-bench-0.1.0-SNAPSHOT.jar:duet-core/target/duet-core-0.1.0-SNAPSHOT.jar:duet-train/target/duet-train-0.1.0-SNAPSHOT.jar:duet-index/target/duet-index-0.1.0-SNAPSHOT.jar:$(ls duet-cli/target/lib/*.jar | tr '\n' ':')"
# the heap cap (DUET_BENCH_HEAP, default 800m: the ViT-B/16's 599 MB of weights and its work arrays)
# bounds peak RSS: the parallel collector grows the heap to its cap before it collects
# transparent huge pages where the kernel gives them, as the launcher asks for them (BENCHMARKS.md, session 19)
huge_pages=()
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  huge_pages=(-XX:+UseTransparentHugePages)
fi
java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC "${huge_pages[@]}" "-Xmx${DUET_BENCH_HEAP:-800m}" -cp "$cp")
vit="${DUET_BENCH_DIR:-$root/bench-out}/vit-b16-random"
tiny="$root/../shared/fixtures/models/tiny"
image="$root/examples/blue-rectangle-red-square.png"
# Debian's PyTorch for the peers (without OpenBLAS its BLAS is the generic reference one), and tqdm for the paper's code
python_peer=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 /usr/bin/python3)
install_torch() {
  /usr/bin/python3 -c 'import torch, tqdm' 2>/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-tqdm libopenblas0-pthread >&2; }
}
# a peer's repository at a pinned commit, cloned into the folder unless it is there (an own checkout may be named instead)
checkout() {
  [ -d "$1" ] || { git clone -q "$2" "$1" && git -C "$1" checkout -q "$3"; } >&2
}
peak_program() { gcc -O3 -march=native "$root/bench/fma-peak.c" -o "$root/bench-out/fma-peak"; }
# two-core FMA peak of the vectors the JVM uses here (256-bit on AVX2, 512-bit on AVX-512), in GFLOP/s
two_core_peak() {
  peak_program
  local width=256
  if grep -qw avx512f /proc/cpuinfo; then width=512; fi
  { "$root/bench-out/fma-peak" & "$root/bench-out/fma-peak"; wait; } | awk -v w="$width-bit" '$0 ~ w {s += $1} END {print s}'
}
case "${1:-}" in
  peak) peak_program && "$root/bench-out/fma-peak" \
        && echo "both cores at once:" && { "$root/bench-out/fma-peak" & "$root/bench-out/fma-peak"; wait; } ;;
  gemm) echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
        "${java[@]}" dev.duet.bench.GemmBenchmark "${@:2}" ;;
  checkpoint) "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" ;;
  # the micro-kernel's loop alone (TileLoopBenchmark) at the depths given, in PROCESSES processes at once
  kernel) echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
          for p in $(seq "${3:-1}"); do "${java[@]}" dev.duet.tensor.TileLoopBenchmark "${2:-64,128,256}" & done; wait ;;
  model) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
         echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
         "${java[@]}" dev.duet.bench.ModelBenchmark "$vit" "$image" ;;
  explain-tiny) "${java[@]}" dev.duet.bench.ExplainBenchmark "$tiny" "$image" "${2:-2}" "${3:-riemann:10,riemann:50,riemann:200,gauss-legendre:2,gauss-legendre:4,gauss-legendre:8}" 4 "$(two_core_peak)" ;;
  # the README's model and image (the caption is ExplainBenchmark's), e.g. explain-default 0 adaptive:8 for the README's cut
  explain-default) "${java[@]}" dev.duet.bench.ExplainBenchmark "$root/models/default" "$image" "${2:-0}" "${3:-adaptive:8}" "${4:-3}" "$(two_core_peak)" ;;
  explain-vit) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
         "${java[@]}" dev.duet.bench.ExplainBenchmark "$vit" "$image" "${2:-11}" "${3:-riemann:10,gauss-legendre:4}" "${4:-3}" "$(two_core_peak)" ;;
  train) peak="$(two_core_peak)"
         echo "two-core FMA peak just before: $peak GFLOP/s"
         "${java[@]}" dev.duet.bench.TrainingBenchmark "${3:-$root/models/default}" "$peak" "${2:-150}" ;;
  world) "${java[@]}" dev.duet.bench.WorldBenchmark "$root/bench-out/world" ;;
  # issue 18's retrieval figures on the ViT-B/16 shape: build throughput (1 and 2 threads), store bytes per image
  # (float32, float16), search latency without and with explanations of the top K, against one explanation;
  # with "search" only the latencies, over one index of COUNT scenes (its build resumes where a stopped one ended)
  index) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
         "${java[@]}" --enable-native-access=ALL-UNNAMED dev.duet.bench.IndexBenchmark "$vit" "${DUET_BENCH_DIR:-$root/bench-out}/index" \
             "${2:-200}" "${3:-100}" 4 ${4:+"$4"} ;;
  # issue 18's Spark local-mode throughput: duet-spark's embed job (embeddings and image factors, Gauss-Legendre 4 at
  # the last block, as index) over COUNT scenes in local[1] and local[2], alternating round by round with ./duet index
  # on the same scenes and settings (2 threads); whole-process seconds, and the job's own as it prints them
  spark) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
         out="${DUET_BENCH_DIR:-$root/bench-out}/spark"
         "${java[@]}" dev.duet.bench.SceneCorpus "$out/images" "${2:-100}"
         mvn -q -B -ntp -pl duet-spark dependency:build-classpath -Dmdep.excludeGroupIds=dev.duet \
             -Dmdep.outputFile="$out/classpath.txt" >&2
         spark=(env SPARK_LOCAL_IP=127.0.0.1 "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector
                --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Xmx3g -Dspark.ui.enabled=false
                -cp "duet-spark/target/duet-spark-0.1.0-SNAPSHOT-job.jar:$(cat "$out/classpath.txt")" dev.duet.spark.SparkMain)
         settings=(--model "$vit" --images "$out/images" --quadrature gauss-legendre --steps 4)
         timed() { local start; start=$(date +%s.%N); "$@" > "$out/last.txt" 2> "$out/last.err" || { cat "$out/last.err" >&2; exit 1; }
                   echo "$(grep -o 'in [0-9.]* s' "$out/last.txt" | head -n 1) whole process $(awk -v from="$start" -v to="$(date +%s.%N)" 'BEGIN { printf "%.1f", to - from }') s"; }
         echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
         for round in $(seq "${3:-3}"); do
           for master in 'local[1]' 'local[2]'; do
             rm -rf "$out/parquet"
             echo "$round spark $master $(timed "${spark[@]}" embed --master "$master" "${settings[@]}" --out "$out/parquet")"
           done
           rm -rf "$out/index"
           echo "$round duet-index 2 threads $(timed "$root/duet" index "${settings[@]}" --out "$out/index")"
         done ;;
  # issue 19's SigLIP figures on google/siglip-base-patch16-224's shape (random weights written by the repository's
  # independent PyTorch SigLIP, tools/references/siglip.py --base; its 1,500-piece test tokenizer): image and text
  # embedding in Duet and in Debian's PyTorch running that reference (bench/siglip-peer.py), in turn on the same
  # inputs for ROUNDS rounds, with Duet's time over PyTorch's round by round and the largest difference of their
  # embeddings; one explanation at the last blocks (Gauss-Legendre 4) of SigLIP-base against the ViT-B/16 CLIP
  # shape's, taking turns in one JVM for ROUNDS runs; Duet's SigLIP tokenizer against python3-sentencepiece with
  # transformers' SigLIP text preparation on the same 4,000 captions (5 passes a round), and whether their ids agree
  siglip) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
          siglip="${DUET_BENCH_DIR:-$root/bench-out}/siglip-base-random"
          out="${DUET_BENCH_DIR:-$root/bench-out}/siglip"
          /usr/bin/python3 -c 'import torch, sentencepiece' 2>/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-sentencepiece \
                   libopenblas0-pthread >&2; }
          [ -f "$siglip/model.safetensors" ] || /usr/bin/python3 "$root/tools/references/siglip.py" --base "$siglip" >&2
          # the later -Xmx wins: SigLIP-base's 812 MB of weights, and for explain the ViT-B/16's 599 MB beside them
          bench=("${java[@]}" "-Xmx${DUET_BENCH_HEAP:-2500m}" dev.duet.bench.SiglipBenchmark)
          torch=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2
                 /usr/bin/python3 "$root/bench/siglip-peer.py")
          "${bench[@]}" inputs "$siglip" "$image" "$out" 4000
          echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
          for round in $(seq "${2:-5}"); do
            "${bench[@]}" duet "$siglip" "$out" | sed "s/^/$round duet /"
            "${torch[@]}" time "$siglip" "$out" | sed "s/^/$round pytorch /"
          done | tee "$out/rounds.txt"
          awk -f "$root/bench/peers-ratios.awk" "$out/rounds.txt"
          "${bench[@]}" explain "$siglip" "$vit" "$image" "${2:-5}"
          for round in $(seq "${2:-5}"); do
            "${bench[@]}" tokenize "$siglip" "$out" 5 | sed "s/^/$round duet /"
            "${torch[@]}" tokenize "$siglip" "$out" 5 | sed "s/^/$round sentencepiece /"
          done | tee "$out/tokenizer-rounds.txt"
          awk -f "$root/bench/peers-ratios.awk" "$out/tokenizer-rounds.txt" ;;
  # issue 13's ResNet figure: one explanation of the same pair (ResNetPeerBenchmark's caption, the example image) at
  # the input of ResNet stage 4 (the paper's image_layer 4, Duet's cut 3) and of the last text block, Riemann 10
  # nodes, by Duet and by the paper's explainer (lucasmllr/exCLIP on openai/CLIP's model code, from the checkouts
  # EXCLIP_DIR and CLIP_DIR name, else cloned at pinned commits into bench-out) in turn for ROUNDS rounds, on a random
  # RN50-shaped CLIP in open_clip's layout made by CLIP's own model code (DUET_RN50_SHAPE=small: the same path on a
  # small ResNet); each process's seconds, peak RSS and Duet's largest difference from the paper's attributions, then
  # Duet's seconds over the paper's round by round (Duet's explain-cold is a fresh JVM's first explanation), then both
  # float32 results against the same attributions in float64 and how far those move with the state entering layer4. At RN50 the
  # paper's explainer needs more than 13 GB of memory (its [5 x 512][1024 x 14 x 14] float32 products, 2 GB each)
  rn50-peer) shape="${DUET_RN50_SHAPE:-rn50}"
         model="${DUET_BENCH_DIR:-$root/bench-out}/clip-$shape-random"
         out="${DUET_BENCH_DIR:-$root/bench-out}/rn50-peer-$shape"
         exclip="${EXCLIP_DIR:-$root/bench-out/exCLIP}"
         clip="${CLIP_DIR:-$root/bench-out/CLIP}"
         checkout "$exclip" https://github.com/lucasmllr/exCLIP 5862bb84f3c41e7eedfb8b7ae9e92b56a448c400
         checkout "$clip" https://github.com/openai/CLIP d05afc436d78f1c48dc0dbf8e5980a9d471f35f6
         install_torch
         paper=("${python_peer[@]}" "$root/bench/rn50-peer.py")
         # the later -Xmx wins: RN50's 102 M parameters and the explanation's work arrays
         bench=("${java[@]}" "-Xmx${DUET_BENCH_HEAP:-3g}" dev.duet.bench.ResNetPeerBenchmark)
         export EXCLIP_DIR="$exclip" CLIP_DIR="$clip"
         [ -f "$model/open_clip_model.safetensors" ] || "${paper[@]}" checkpoint "$model" "$tiny" "$shape" >&2
         "${bench[@]}" inputs "$model" "$image" "$out"
         echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
         for round in $(seq "${2:-3}"); do
           "${paper[@]}" explain "$model" "$out" | sed "s/^/$round exclip /"
           "${bench[@]}" duet "$model" "$out" | sed "s/^/$round duet /"
         done | tee "$out/rounds.txt"
         awk -v workloads='^explain$' -f "$root/bench/peers-ratios.awk" "$out/rounds.txt"
         "${paper[@]}" float64 "$model" "$out" ;;
  # issue 13's ALIGN figures: image and text embeddings at batch 1 and 8 of a random ALIGN-base-shaped checkpoint
  # (EfficientNet-B7 at 289 px, BERT-base, projection 640, made by bench/align-peer.py) by Duet and by Debian's PyTorch
  # running the repository's reference (tools/references/align.py) in turn for ROUNDS rounds: each engine's median
  # seconds, the embeddings' largest difference and peak RSS, Duet's seconds over PyTorch's round by round; then Duet's
  # explanation of the pair after the last EfficientNet stage with Gauss-Legendre 4 nodes and with the default adaptive
  # rule (DUET_ALIGN_SHAPE=small: the same path on align.py's test shape)
  align) shape="${DUET_ALIGN_SHAPE:-base}"
         model="${DUET_BENCH_DIR:-$root/bench-out}/align-$shape-random"
         out="${DUET_BENCH_DIR:-$root/bench-out}/align-$shape"
         install_torch
         torch=("${python_peer[@]}" "$root/bench/align-peer.py")
         # the later -Xmx wins: ALIGN-base's 172 M parameters, eight 289-pixel images' maps
         bench=("${java[@]}" "-Xmx${DUET_BENCH_HEAP:-3g}" dev.duet.bench.AlignPeerBenchmark)
         [ -f "$model/model.safetensors" ] || "${torch[@]}" checkpoint "$model" "$shape" >&2
         "${bench[@]}" inputs "$model" "$image" "$out"
         echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
         for round in $(seq "${2:-3}"); do
           "${bench[@]}" duet "$model" "$out" | sed "s/^/$round duet /"
           "${torch[@]}" time "$model" "$out" | sed "s/^/$round pytorch /"
         done | tee "$out/rounds.txt"
         awk -f "$root/bench/peers-ratios.awk" "$out/rounds.txt"
         "${bench[@]}" explain "$model" "$out" ;;
  # issue 11's phrases per second of the grounding harness on the ViT-B/16 shape at the default cut, 2 threads,
  # an image's factor reused by its captions and phrases and every phrase explained on its own
  grounding) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
         "${java[@]}" dev.duet.bench.GroundingBenchmark "$vit" "${DUET_BENCH_DIR:-$root/bench-out}/grounding" "${2:-20}" 2 ;;
  # issue 17's server figures: duet serve on the default model under 8 clients' mix of valid and hostile requests
  # (REQUESTS in all) while four slow clients hold connections; failures, p50/p99 of valid requests, peak RSS
  serve-load) "${java[@]}" dev.duet.bench.ServerLoadBenchmark "$root/models/default" "${2:-2000}" ;;
  # the same training step in Debian's PyTorch (apt-get install python3-torch libopenblas0-pthread: without
  # OpenBLAS its BLAS is the generic reference one); OpenMP must not spin, and the OpenBLAS core-type
  # override this workplace sets for old builds is left out, as for any current numpy
  train-peer) env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 \
              /usr/bin/python3 "$root/bench/train-peer.py" "${2:-60}" "${@:3}" ;;
  # issue 14's peers on the ViT-B/16 shape: Duet, ONNX Runtime (Java, from Maven, 2 intra-op threads) and Debian's
  # PyTorch (installed when missing; the ONNX files are its export at opset 14), in turn on the same inputs for ROUNDS
  # rounds; prints each engine's median seconds per round and Duet's time over the peer's, round by round
  peers) [ -d "$vit" ] || "${java[@]}" dev.duet.bench.RandomCheckpoint "$vit" "$tiny" >&2
         /usr/bin/python3 -c 'import torch' 2>/dev/null \
           || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >&2; }
         mvn -q -B -ntp -Ppeers -pl duet-peers -am -DskipTests package >&2
         peers=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC "${huge_pages[@]}" "-Xmx${DUET_BENCH_HEAP:-800m}"
                -cp "duet-peers/target/duet-peers-0.1.0-SNAPSHOT.jar:$(ls duet-peers/target/lib/*.jar | tr '\n' ':')"
                dev.duet.peers.PeersBenchmark)
         out="$root/bench-out/peers"
         "${peers[@]}" inputs "$vit" "$image" "$out"
         [ "$out/image.onnx" -nt "$vit/model.safetensors" ] || /usr/bin/python3 "$root/bench/peers.py" export "$vit" "$out"
         echo "two-core FMA peak just before: $(two_core_peak) GFLOP/s"
         torch=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2
                /usr/bin/python3 "$root/bench/peers.py" time "$vit" "$out")
         for round in $(seq "${2:-5}"); do
           "${peers[@]}" duet "$vit" "$out" | sed "s/^/$round duet /"
           "${peers[@]}" onnx "$out" | sed "s/^/$round onnx-runtime /"
           "${torch[@]}" | sed "s/^/$round pytorch /"
         done | tee "$out/rounds.txt"
         awk -f "$root/bench/peers-ratios.awk" "$out/rounds.txt" ;;
  *) echo "usage: $0 peak | gemm | kernel [DEPTHS [PROCESSES]] | checkpoint | model | explain-tiny [LAYER RULES] | explain-default [LAYER RULES RUNS] | explain-vit [LAYER RULES RUNS] | train [STEPS [MODEL_DIR]] | train-peer [STEPS [BATCH TOKENS IMAGE_PX]] | world | index [COUNT K [search]] | spark [COUNT ROUNDS] | peers [ROUNDS] | siglip [ROUNDS] | rn50-peer [ROUNDS] | align [ROUNDS] | grounding [IMAGES] | serve-load [REQUESTS]" >&2; exit 2 ;;
esac

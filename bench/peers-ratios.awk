# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
# Reads `ROUND ENGINE WORKLOAD SECONDS` lines (./benchmark.sh peers, siglip, rn50-peer and align) and
# prints, per workload and peer (every engine but duet), Duet's seconds over the peer's round by round
# and the median of those ratios (below 1: Duet is faster). The workloads are the lines whose third
# field matches the regular expression -v workloads=..., by default image-B and text-B (a batch of B)
# and tokenizer-N (N captions).
BEGIN { if (workloads == "") workloads = "^(image|text|tokenizer)-[0-9]+$" }
$3 ~ workloads { t[$2, $3, $1] = $4; seen[$3] = 1; if ($2 != "duet") peers[$2] = 1; if ($1 > rounds) rounds = $1 }
function median(values, n,    i, j, swap) {
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] < values[i]) { swap = values[i]; values[i] = values[j]; values[j] = swap }
  return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
}
END {
  print "| workload | peer | Duet / peer, round by round | median | Duet s (median) | peer s (median) |"
  print "|---|---|---|---|---|---|"
  for (w in seen) for (peer in peers) {
    list = ""; n = 0
    for (r = 1; r <= rounds; r++) if ((peer, w, r) in t && (("duet", w, r) in t)) {
      n++; ratio[n] = t["duet", w, r] / t[peer, w, r]; ours[n] = t["duet", w, r]; theirs[n] = t[peer, w, r]
      list = list (n > 1 ? ", " : "") sprintf("%.2f", ratio[n])
    }
    if (n) printf "| %s | %s | %s | %.2f | %.4f | %.4f |\n", w, peer, list, median(ratio, n), median(ours, n), median(theirs, n)
  }
}

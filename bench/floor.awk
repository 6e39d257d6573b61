# The physical floor, for scale: the same bytes as `mamx check --stdin --json` for the bench's input,
# from awk. Usage: awk -f bench/floor.awk hits.tsv - < targets
BEGIN { FS = "\t" }
NR == FNR { hit[$1] = $2; next }
{
  n++
  if ($0 in hit) { printf "{\"line\":%d,\"input\":\"%s\",%s\n", n, $0, hit[$0]; next }
  split($0, w, " ")
  printf "{\"line\":%d,\"input\":\"%s\",\"platform\":\"%s\",\"target\":\"%s\",\"verdict\":\"deny\",\"reason\":\"not-exempt\",\"message\":\"%s is not a managed app, an exception or an Intune default\",\"warnings\":[]}\n", n, $0, w[1], w[2], w[2]
}

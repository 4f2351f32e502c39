#!/usr/bin/env bash
# Runs every Keywarden benchmark and writes the results to benchmarks/target/results/.
#   bash benchmarks/run.sh           full run (about 10 minutes on 2 cores)
#   bash benchmarks/run.sh --quick   quick run (about 4 minutes): fewer, shorter iterations
#   bash benchmarks/run.sh --quick ExpressionBenchmark    only the benchmarks matching a regex
# Server CPU per request over HTTP (Spring Security, nginx gateway): bash benchmarks/http-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
if [[ "${1:-}" == "--quick" ]]; then
  quick=true
  shift
fi
filter="${1:-.*}"
mvn -B -q -DskipTests package -pl benchmarks -am
out=benchmarks/target/results
mkdir -p "$out"
jmh=(java -jar benchmarks/target/benchmarks.jar "$filter" -prof gc -rf json -rff "$out/jmh.json")
if $quick; then
  jmh+=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
fi
java -version 2>&1 | head -1 | tee "$out/machine.txt"
echo "cores: $(nproc), memory: $(free -g | awk '/Mem:/ {print $2}') GiB, cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
  | tee -a "$out/machine.txt"
"${jmh[@]}" | tee "$out/jmh.txt"
if [[ "$filter" == ".*" || "StoreFootprint" =~ $filter ]]; then
  java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.keywarden.benchmarks.StoreFootprint | tee "$out/footprint.txt"
fi
if [[ "$filter" == ".*" || "HttpOverhead" =~ $filter ]]; then
  rounds=15
  $quick && rounds=5
  java -cp benchmarks/target/benchmarks.jar dev.keywarden.benchmarks.HttpOverhead "$rounds" 5000 | tee "$out/http-overhead.txt"
fi
echo "results in $out"

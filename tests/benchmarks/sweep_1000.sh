#!/usr/bin/env bash
# The sweep target of issue 8: 1,000 runs of the historical scenario (1,000 replicates, i.e.
# seeds, of its one point; population_scale stays 1) through `repatsim sweep` on every core,
# written to one sweep file. Prints the wall time. BENCHMARKS.md records the figures.
#   tests/benchmarks/sweep_1000.sh [REPATSIM] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
repatsim=${1:-build/release/sim/app/repatsim}
runs=${2:-1000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/sweep.yaml" <<YAML
base: $(pwd)/scenarios/historical.yaml
parameters:
  - {key: population_scale, values: [1]}   # the scenario as shipped
design: grid
replicates: ${runs}
seed: 8
YAML
start=$(date +%s%N)
"$repatsim" sweep "$dir/sweep.yaml" -o "$dir/sweep.h5" --quiet
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "${runs} runs of historical: $((ms / 1000)).$(printf %03d $((ms % 1000))) s wall on $(nproc) cores"

#!/usr/bin/env bash
# Runs the four libFuzzer targets (RELIABILITY.md), each for SECONDS, seeded from the shipped
# scenarios, the bad-scenario corpus, tests/fuzz/seeds and run/sweep files that the release
# binary writes here. Exits non-zero on the first crash, leak, hang or out-of-memory: the input
# that did it is left in WORK/artifacts/ (copy it to tests/fuzz/regressions/<target>/ once fixed).
#   tests/fuzz/run_fuzzers.sh SECONDS FUZZ_BUILD_DIR REPATSIM_BINARY [WORK_DIR] [TARGET...]
# CI: 15 s each. By hand: e.g. 600, with nice, in the background.
set -euo pipefail
seconds=$1 fuzz_build=$(realpath "$2") repatsim=$(realpath "$3") work=${4:-$(mktemp -d)}
shift 3; [ $# -gt 0 ] && shift
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(scenario set run_file sweep_file)
source=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"/{seeds/scenario,seeds/run_file,seeds/sweep_file,artifacts}
work=$(realpath "$work")
# The HDF5 targets' scratch files, in memory where possible; a crashed input leaves its own.
scratch=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "$work")/repatsim-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export REPATSIM_FUZZ_SCRATCH=$scratch

# Seeds: every shipped and every deliberately bad scenario; real files written by repatsim.
cp "$source"/scenarios/*.yaml "$source"/scenarios/whatif/*.yaml "$work/seeds/scenario/"
cp "$source"/tests/scenarios/bad/*.yaml "$work/seeds/scenario/"
if [ ! -s "$work/seeds/run_file/small.h5" ]; then
  "$repatsim" run "$source/scenarios/small.yaml" -o "$work/seeds/run_file/small.h5" --force -q
  "$repatsim" run "$source/scenarios/small.yaml" --set end=2017-03 \
    -o "$work/seeds/run_file/short.h5" --force -q
  # A sweep of two six-month runs, whole and as one shard (no summary group).
  printf 'extends: %s\nend: "2017-06"\n' "$source/scenarios/small.yaml" > "$work/short.yaml"
  printf 'base: %s\nparameters:\n  - {key: dprk.state_share, values: [0.5, 0.8]}\ndesign: grid\nreplicates: 1\nseed: 7\n' \
    "$work/short.yaml" > "$work/sweep.yaml"
  "$repatsim" sweep "$work/sweep.yaml" -o "$work/seeds/sweep_file/grid.h5" --force -q
  "$repatsim" sweep "$work/sweep.yaml" --shard 1/2 -o "$work/seeds/sweep_file/shard.h5" --force -q
fi

# Leaks and UB are findings; an input may take 30 s (ASan on a loaded machine: 1 s inputs have taken
# 11 s) and 2 GB.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  # The HDF5 readers run in fork mode, which goes on past a crash, hang, leak or OOM: libhdf5
  # 1.10.8 itself overflows buffers, leaks and loops on some damaged files (RELIABILITY.md). Each
  # such input is then replayed and blamed on the first stack frame outside the sanitizers: in
  # libhdf5 it is counted and kept in WORK/libhdf5; in our code it fails the run.
  mode=()
  case $target in
    scenario) seeds=("$work/seeds/scenario" "$source/tests/fuzz/regressions/scenario") ;;
    set) seeds=("$source/tests/fuzz/seeds/set" "$source/tests/fuzz/regressions/set") ;;
    run_file) seeds=("$work/seeds/run_file" "$source/tests/fuzz/regressions/run_file") ;;
    sweep_file) seeds=("$work/seeds/sweep_file" "$source/tests/fuzz/regressions/sweep_file") ;;
  esac
  case $target in
    run_file | sweep_file) mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1) ;;
  esac
  binary="$fuzz_build/tests/fuzz/fuzz_$target"
  echo "== fuzz_$target for ${seconds} s"
  "$binary" "$corpus" "${seeds[@]}" "${mode[@]}" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/${target}-" >"$work/$target.log" 2>&1 && ran=0 || ran=$?
  # Fork mode ends non-zero after any finding it went past; its findings are judged below.
  if [ ${#mode[@]} -eq 0 ] && [ $ran -ne 0 ] || ! grep -qE "^Done [0-9]+ runs|fuzzed for [0-9]+ seconds" "$work/$target.log"; then
    echo "fuzz_$target FAILED (exit $ran); log: $work/$target.log; input: $(ls "$work"/artifacts/"$target"-* 2>/dev/null)"
    tail -60 "$work/$target.log"
    status=1
    continue
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$work/$target.log" | tail -3
  [ ${#mode[@]} -eq 0 ] && continue
  for input in "$work"/artifacts/"$target"-*; do
    [ -e "$input" ] || continue
    # The first frame that is neither the sanitizers', libFuzzer's, the allocator's nor libc's (its
    # signal trampoline, as a timeout's stack is printed from the alarm handler; memset, memcpy).
    first=$(timeout 120 "$binary" -timeout=5 -rss_limit_mb=2048 "$input" 2>&1 | grep -E '^ +#[0-9]+ ' |
            grep -vE ' in (__interceptor_|__asan|__lsan|__sanitizer|__ubsan|__mem|__str|malloc|calloc|realloc|free|operator new|fuzzer::)|/libc\.so|sysdeps/' |
            head -1 | sed 's/ (BuildId.*//' || true)
    mkdir -p "$work/libhdf5" "$work/unreproduced"
    if [[ $first == *libhdf5* ]]; then
      mv "$input" "$work/libhdf5/"
      echo "inside libhdf5: $(basename "$input"): ${first#*0x* }"
    elif [ -z "$first" ]; then
      mv "$input" "$work/unreproduced/"
      echo "does not reproduce alone (kept in $work/unreproduced): $(basename "$input")"
    else
      echo "fuzz_$target FAILED on $input, in our code: $first"
      status=1
    fi
  done
done
exit $status

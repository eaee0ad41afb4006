#!/usr/bin/env bash
# The smoke grid on a real one-node Slurm cluster (Debian 12's slurm-wlm and munge), started as root in a temporary folder:
# submit the array, merge, compare with a sequential local run of the same plan (identical metrics), cancel one task
# mid-run and show that resubmission runs only what is missing. The daemons are stopped by PID on any exit.
# usage: tests/slurm/slurm-grid-test.sh PATH/TO/fse.dll      (FSE_KEEP=1 keeps the temporary folder)
set -euo pipefail

fse_dll=$(realpath "${1:?usage: $0 PATH/TO/fse.dll}")
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*" >&2; exit 1; }
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

[ "$(id -u)" -eq 0 ] || fail "run as root: slurmd and munged are started here, without systemd"
for tool in munged slurmctld slurmd sbatch squeue sinfo scancel; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: Slurm is not installed (apt-get install -y slurm-wlm munge; .ci/run does this)"
done
dotnet=$(command -v dotnet) || fail "dotnet not on PATH"
fse() { "$dotnet" "$fse_dll" "$@"; }

D=$(mktemp -d /tmp/fse-slurm-XXXXXX)
mkdir -p "$D"/{state,spool,log}
pids=()
jobs_submitted=()
cleanup() {
  status=$?
  [ ${#jobs_submitted[@]} -gt 0 ] && scancel "${jobs_submitted[@]}" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ $status -ne 0 ]; then
    echo "--- logs in $D/log and the grids' slurm/logs:" >&2
    tail -n 20 "$D"/log/*.log "$D"/*/slurm/logs/*.out 2>/dev/null >&2 || true
  fi
  [ "${FSE_KEEP:-0}" = 1 ] && echo "kept $D" || rm -rf "$D"
  exit $status
}
trap cleanup EXIT

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
cat > "$D/slurm.conf" <<CONF
ClusterName=ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus Sockets=1 CoresPerSocket=$cpus ThreadsPerCore=1 RealMemory=$memory State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
MailProg=/bin/true
CONF
export SLURM_CONF="$D/slurm.conf"

mkdir -p /run/munge && chown munge:munge /run/munge && chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged -F > "$D/log/munged.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -S /run/munge/munge.socket.2 ] && break; sleep 0.1; done
fi
slurmctld -D -f "$SLURM_CONF" > "$D/log/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$D/log/slurmd.stdout" 2>&1 &
pids+=($!)
for i in $(seq 300); do [ "$(sinfo -h -N -o %t 2>/dev/null)" = idle ] && break; [ "$i" = 300 ] && fail "the node did not become idle in 30 s"; sleep 0.1; done
log "cluster up: node $host, $cpus CPUs ($D)"

# waits until none of the jobs is in the queue, at most $2 seconds
wait_jobs() {
  local deadline=$(( SECONDS + $2 ))
  while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
    [ $SECONDS -lt $deadline ] || fail "jobs $1 still queued after $2 s: $(squeue -j "$1")"
    sleep 0.5
  done
}
# the job id on the line of `fse grid slurm --submit` that starts with $2
job_id() { sed -n "s/^$2 job \([0-9]*\).*/\1/p" <<<"$1"; }
# a table without the columns whose header names wall time, which differs between any two runs
metrics() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) skip[i] = ($i == "TrainSeconds") } { line = ""; for (i = 1; i <= NF; i++) if (!skip[i]) line = line $i ","; print line }' "$1"; }
same_tables() {
  for table in grid-runs.csv grid-classes.csv grid-confusion.csv; do
    diff <(metrics "$1/$table") <(metrics "$2/$table") >/dev/null || fail "$table differs between $1 and $2: $(diff <(metrics "$1/$table") <(metrics "$2/$table") | head -5)"
  done
}

cluster="$D/cluster"
fse grid plan --profile smoke --output "$cluster" --device cpu
runs=$(grep -c '"Index"' "$cluster/grid.json")
log "planned $runs runs"

out=$(fse grid slurm "$cluster" --max-parallel "$cpus" --submit)
echo "$out"
array=$(job_id "$out" array); merge=$(job_id "$out" merge)
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in the output of fse grid slurm --submit"
jobs_submitted+=("$array" "$merge")
wait_jobs "$array,$merge" 1200
[ -f "$cluster/grid-runs.csv" ] || fail "the merge job wrote no grid-runs.csv: $(cat "$cluster"/slurm/logs/merge-*.out 2>/dev/null)"
[ "$(($(wc -l < "$cluster/grid-runs.csv") - 1))" = "$runs" ] || fail "grid-runs.csv does not have $runs rows"
log "array $array and merge $merge done"

local_grid="$D/local"
mkdir -p "$local_grid" && cp "$cluster/grid.json" "$local_grid/"
for k in $(seq 0 $((runs - 1))); do OMP_NUM_THREADS=1 fse grid run "$local_grid" --index "$k" --device cpu > /dev/null 2>&1 || fail "local run $k failed"; done
fse grid merge "$local_grid" > /dev/null
same_tables "$cluster" "$local_grid"
log "the Slurm array's merged tables equal a sequential local run's (all metrics, every run)"

# a second round: three results lost, one task cancelled while it runs, then a resubmission of only what is missing
ids=($(sed -n 's/^ *"Id": "\(.*\)",$/\1/p' "$cluster/grid.json"))
lost=(3 7 11)
for k in "${lost[@]}"; do rm -r "$cluster/runs/${ids[$k]}"; done
before=$(sha256sum "$cluster/grid-runs.csv")
out=$(fse grid slurm "$cluster" --max-parallel 1 --submit)
echo "$out"
grep -q "^3 of $runs runs to do (indices 3,7,11)" <<<"$out" || fail "the resubmission is not exactly the three lost runs"
array=$(job_id "$out" array); merge=$(job_id "$out" merge)
jobs_submitted+=("$array" "$merge")
victim="${array}_${lost[0]}"
deadline=$(( SECONDS + 300 ))
until [ "$(squeue -h -j "$victim" -o %T 2>/dev/null)" = RUNNING ] && [ -d "$cluster/runs/${ids[${lost[0]}]}" ]; do
  [ $SECONDS -lt $deadline ] || fail "task $victim never started its run"
  sleep 0.2
done
scancel "$victim"
log "cancelled task $victim while it ran"
wait_jobs "$array,$merge" 600
[ ! -f "$cluster/runs/${ids[${lost[0]}]}/result.json" ] || fail "the cancelled run has a result"
for k in "${lost[@]:1}"; do [ -f "$cluster/runs/${ids[$k]}/result.json" ] || fail "run $k was not redone"; done
if merged=$(fse grid merge "$cluster" 2>&1); then fail "merge succeeded with run ${lost[0]} missing"; fi
echo "$merged"
grep -q "run ${lost[0]} ${ids[${lost[0]}]}: started, not finished" <<<"$merged" || fail "merge does not name the cancelled run"
[ "$(sha256sum "$cluster/grid-runs.csv")" = "$before" ] || fail "a failed merge changed grid-runs.csv"

out=$(fse grid slurm "$cluster" --max-parallel "$cpus" --submit)
echo "$out"
grep -q "^1 of $runs runs to do (indices ${lost[0]})" <<<"$out" || fail "the resubmission is not exactly the cancelled run"
grep -q "^#SBATCH --array=${lost[0]}%$cpus$" "$cluster/slurm/grid-array.sh" || fail "the array script is not over index ${lost[0]} alone"
array=$(job_id "$out" array); merge=$(job_id "$out" merge)
jobs_submitted+=("$array" "$merge")
wait_jobs "$array,$merge" 600
grep -q "^wrote .*grid-runs.csv" "$cluster"/slurm/logs/merge-"$merge".out || fail "the last merge job did not write the tables"
same_tables "$cluster" "$local_grid"
log "PASS: resubmission ran only the missing runs and the merged tables equal the local run's"

#!/usr/bin/env bash
# Web benchmark (not a test): a release `xinqiao serve` on the bundled library, loaded by wrk on loopback
# with 64 connections — the home page, the search page (realistic Chinese questions, rotated by a wrk Lua
# script) and /healthz, one after another in one run, then the search page with a new question on every
# request (nothing reused: the engine's own cost). Prints requests/s and p50/p99 latency per route as a
# Markdown table, then the targets: home and search p99 < 20 ms, search >= 30 % of /healthz's requests/s.
#
# Usage: scripts/bench-web.sh [--duration 15s] [--connections 64] [--threads 2] [--no-build] [--binary PATH]
#   --binary PATH  measure another build (e.g. a copy of an older .build/release/xinqiao with its
#                  xinqiao_Web.resources folder next to it); implies --no-build
# Needs wrk (Debian: apt-get install wrk). The machine's other load skews the numbers: note it.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=15s
connections=64
threads=2
build=1
binary=.build/release/xinqiao
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --binary) binary="$2"; build=0; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }

if [ "$build" -eq 1 ]; then
  scripts/deps.sh build
  swift build -c release --product xinqiao >&2
fi
[ -x "$binary" ] || { echo "no $binary: run without --no-build" >&2; exit 1; }

mkdir -p .build/bench-web
work=$(mktemp -d "$PWD/.build/bench-web/run.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A signal (Ctrl-C, a closed pipe) exits through the EXIT trap too, so the server never outlives the run.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP PIPE

"$binary" import --db "$work/x.sqlite" >/dev/null
"$binary" serve --db "$work/x.sqlite" --host 127.0.0.1 --port 0 >"$work/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
base="http://127.0.0.1:$port"

# Questions parents type, rotated per request (each wrk thread has its own counter).
cat >"$work/search.lua" <<'LUA'
local queries = {
  "孩子不想上学怎么办", "初中生每天睡多久", "孩子玩手机停不下来", "考试前焦虑睡不着", "青春期孩子不愿意和父母说话",
  "孩子被同学欺负了怎么办", "心理援助热线电话", "孩子情绪低落两周了", "怎么和孩子谈学习压力", "厌学",
}
local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for i, q in ipairs(queries) do paths[i] = "/search?q=" .. encode(q) end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
LUA

# Questions no one asked before (a new combination on every request, about 58,000 in all), so no answer
# is reused: the engine's own cost on the page. Reported beside the targets, not as one of them.
cat >"$work/fresh.lua" <<'LUA'
local who = { "孩子", "女儿", "儿子", "初二学生", "高三孩子", "小学生", "青春期孩子", "留守儿童", "独生子女", "二年级孩子",
  "初中生", "高中生", "幼儿园孩子", "双胞胎", "学生", "小孩", "闺女", "娃", "大宝", "二宝", "孙子", "外孙女", "继子", "班上同学", "寄宿生", "转学生", "复读生", "单亲家庭孩子", "独自在家的孩子", "住校生" }
local what = { "不想上学", "睡不着", "玩手机停不下来", "考试焦虑", "不愿说话", "被同学欺负", "情绪低落", "学习压力大", "厌学", "沉迷游戏",
  "发脾气", "早恋", "不吃饭", "作息乱", "成绩下降", "害怕考试", "和父母吵架", "总是哭", "没有朋友", "注意力不集中",
  "经常头疼", "不愿意运动", "熬夜刷视频", "顶嘴", "说自己笨", "怕黑", "离不开手机", "讨厌老师", "想转学", "紧张出汗",
  "咬指甲", "不爱洗澡", "拖拉作业", "爱撒谎", "偷拿钱", "被孤立", "暴饮暴食", "失眠多梦", "总担心", "不想出门",
  "想家", "对什么都没兴趣", "开学适应难", "假期作息乱", "考前睡不好", "分数焦虑", "社交恐惧", "网络成瘾", "自卑", "叛逆" }
local how = { "怎么办", "该怎么引导", "家长能做什么", "正常吗", "要看医生吗", "怎么沟通", "有什么方法", "需要担心吗", "如何帮助", "怎么预防",
  "是什么原因", "要不要管", "怎么陪伴", "老师说的对吗", "家长焦虑怎么办", "怎么开口", "怎么鼓励", "去哪里求助", "多久能好", "有没有讲座",
  "是心理问题吗", "该不该批评", "怎么建立规则", "要不要请假", "怎么和学校配合", "能自己好吗", "要不要收手机", "怎么调整作息", "怎么减压", "看什么书",
  "家长课堂有吗", "怎么判断严重程度", "要不要转学", "怎样表扬", "爷爷奶奶怎么带", "周末怎么安排", "寒假怎么过", "暑假怎么过", "考前怎么说", "考后怎么说" }
local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local counter = 0
local offset = 0
setup = function(thread)
  offset = offset + 1
  thread:set("offset", offset * 7919)
end
request = function()
  counter = counter + 1
  local n = counter * 2 + offset
  local q = who[(n % #who) + 1] .. what[(math.floor(n / #who) % #what) + 1] .. how[(math.floor(n / (#who * #what)) % #how) + 1]
  return wrk.format("GET", "/search?q=" .. encode(q))
end
LUA

# Warm up (caches, the search index's postings) before measuring.
for path in / /healthz; do curl -fsS -o /dev/null "$base$path"; done
wrk -t"$threads" -c"$connections" -d3s -s "$work/search.lua" "$base" >/dev/null

# wrk --latency prints "50%  1.23ms" and "99%  4.56ms"; convert to milliseconds.
millis() {
  awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'
}
declare -A rps p50 p99
run() {
  local name="$1" path="$2"
  shift 2
  local out="$work/$name.txt"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" "$base$path" >"$out"
  rps[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p50[$name]=$(millis 50% <"$out")
  p99[$name]=$(millis 99% <"$out")
  if grep -q "Non-2xx" "$out"; then echo "warning: $name had non-2xx answers: $(grep Non-2xx "$out")" >&2; fi
  if grep -q "Socket errors" "$out"; then echo "warning: $name: $(grep 'Socket errors' "$out")" >&2; fi
}
run home /
run search "" -s "$work/search.lua"
run healthz /healthz
run fresh "" -s "$work/fresh.lua"

if [ "$build" -eq 1 ]; then
  echo "binary: $binary, built from the checkout at $(git log -1 --format=%h 2>/dev/null || echo '?')"
else
  echo "binary: $binary (not rebuilt)"
fi
echo "wrk: $threads threads, $connections connections, $duration per route; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| route | requests/s | p50 | p99 |"
echo "|---|---:|---:|---:|"
for name in home search healthz fresh; do
  case "$name" in home) label='`/`' ;; search) label='`/search?q=…` (10 questions)' ;; healthz) label='`/healthz`' ;; fresh) label='`/search?q=…` (a new question each time; not a target)' ;; esac
  echo "| $label | ${rps[$name]} | ${p50[$name]} ms | ${p99[$name]} ms |"
done
echo
share=$(awk -v s="${rps[search]}" -v h="${rps[healthz]}" 'BEGIN { printf "%.0f", 100 * s / h }')
verdict() { if awk -v a="$1" -v b="$2" "BEGIN { exit !(a $3 b) }"; then echo "met"; else echo "MISSED"; fi; }
echo "targets: home p99 ${p99[home]} ms < 20 ms: $(verdict "${p99[home]}" 20 '<'); search p99 ${p99[search]} ms < 20 ms: $(verdict "${p99[search]}" 20 '<'); search = ${share} % of /healthz's requests/s (>= 30 %): $(verdict "$share" 30 '>=')"

#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: share per thread (numbers folded), top self frames, top inclusive frames.

    jfr print --events jdk.ExecutionSample --stack-depth 60 rec.jfr | theia-bench/src/main/scripts/jfr-top.py [THREAD-REGEX]

With THREAD-REGEX only the samples of matching threads count (e.g. 'theia-server|theia-ingest' for the collector's
side of `theia bench`, 'pool-' for its pushers, 'WebSocket@' for its readers).
"""
import collections
import re
import sys

thread_filter = sys.argv[1] if len(sys.argv) > 1 else None
self_time = collections.Counter()
inclusive = collections.Counter()
threads = collections.Counter()
samples = 0
frames = []
thread = ''


def count():
    global samples
    if not frames or (thread_filter and not re.search(thread_filter, thread)):
        return
    samples += 1
    self_time[frames[0]] += 1
    threads[re.sub(r'\d+', 'N', thread)] += 1
    for frame in set(frames):
        inclusive[frame] += 1


for line in sys.stdin:
    line = line.rstrip()
    if line.startswith('jdk.ExecutionSample'):
        count()
        frames = []
        thread = ''
    elif 'sampledThread' in line:
        thread = line.split('=', 1)[1].strip()
    elif line.startswith('    ') and 'line:' in line:
        frames.append(re.sub(r'\s+line:.*', '', line.strip()))
count()
if samples == 0:
    sys.exit('no samples')
print('samples', samples)
for title, counter, top in (('threads', threads, 15), ('self', self_time, 30), ('inclusive', inclusive, 45)):
    print('--', title)
    for name, n in counter.most_common(top):
        print(f'{n * 100 / samples:5.1f}% {name}')

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""runs.csv from the folder's {kernel,port,virtual}-N.json (run.sh) and swap-N.json
(swap.sh: the kernel's runs with the CPUs swapped).

Per run: the producer's stops and the consumer's, the records dropped, and
what the consumer's stops alone would drop. A consumer stop of 100 ms at
50,000 records a second leaves a record due every 20 us with no room once
the one-page ring is full: it drops the stop's records less the ring's
(4096 // 72 = 56 records of 64 bytes and their header). On real threads a
consumer stop shows as the records that were in the ring (the ring's 56):
each waits the stop out, 90 ms or more (lat_host_waits); so the consumer's
stops are lat_host_waits / 56, rounded. Virtual time counts both kinds
itself (extra host_stops, host_stops_consumer).
"""
import json
import os
import sys

RING_RECORDS = 4096 // 72
STOP_RECORDS = 50000 // 10   # the records due in a 100 ms stop


def main():
    d = sys.argv[1]
    print('side,run,producer_stops,consumer_stops,dropped,attempted,'
          'consumer_stops_drop,rest,rest_per_producer_stop')
    for side in ('kernel', 'port', 'virtual', 'swap'):
        for i in (1, 2, 3):
            path = f'{d}/{side}-{i}.json'
            if not os.path.exists(path):
                continue
            j = json.load(open(path))
            att = j['produced'] + j['drops_no_space']
            drop = j['drops_no_space']
            if side == 'virtual':
                ex = j['extra']
                cons = int(ex['host_stops_consumer'])
                prod = int(ex['host_stops']) - cons
            else:
                cons = round(j['lat_host_waits'] / RING_RECORDS)
                prod = j['prod_host_stops']
            cdrop = cons * (STOP_RECORDS - RING_RECORDS)
            rest = drop - cdrop
            per = f'{rest / prod:.0f}' if prod else ''
            print(f'{side},{i},{prod},{cons},{drop},{att},{cdrop},{rest},{per}')


if __name__ == '__main__':
    main()

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the record every transport carries, and its checksum.
 *
 * Kept BPF-friendly: fixed-width fields, no libc, every function a few
 * 64-bit multiplies and shifts, so a BPF program (kernel-ringbuf,
 * kernel-perfbuf) can write records byte-identical to the userspace
 * producers. A BPF object includes vmlinux.h first (which defines the
 * __u32/__u64 types); userspace gets them from <linux/types.h>.
 *
 * Layout, chosen by the sample size (the size passed to reserve/output).
 * Small records keep the selftests' 8-byte case honest: one 64-bit store.
 *
 *   size >= 32   full header
 *     off  0  __u32 producer
 *     off  4  __u32 size        sample size as reserved
 *     off  8  __u64 seq         per producer, 0, 1, 2, ... (committed records only)
 *     off 16  __u64 ts_ns       CLOCK_MONOTONIC ns | 1, or 0 when not stamped
 *     off 24  __u64 csum        rbsim_hash3(producer | size << 32, seq, ts_ns) + payload sum
 *     off 32  payload
 *
 *   16 <= size < 32   compact16
 *     off  0  __u64 id_seq      producer << 48 | (seq & RBSIM_SEQ48_MASK)
 *     off  8  __u32 ts_lo       low 32 bits of ts_ns | 1, or 0 when not stamped
 *     off 12  __u32 check       low 32 bits of rbsim_hash2(id_seq, ts_lo << 32 | size)
 *                               + payload sum
 *     off 16  payload
 *
 *   8 <= size < 16   compact8 (up to 256 producers)
 *     off  0  __u64 word        (producer & 0xff) << 56 | (seq & 0xffffff) << 32 | ts_lo
 *     off  8  payload (0..7 bytes)
 *
 *   size < 8: too small for a header; only allowed with verification off.
 *
 * Payload: the bytes [RBSIM_HDR_BYTES(size), size) hold the pattern words
 * rbsim_pattern(base, i) = base + i * RBSIM_PAT_STEP, base = rbsim_pat_base(producer, seq),
 * stored little-endian, the last word truncated to the bytes that remain. The
 * payload sum is the 64-bit wrapping sum of those words, the truncated one
 * zero-extended; rbsim_payload_sum() gives it in closed form, so a producer
 * never reads its payload back and the consumer only adds words.
 *
 * Timestamps: ts_ns is bpf_ktime_get_ns() / CLOCK_MONOTONIC with bit 0 forced
 * to 1 (a 1 ns error) so that 0 can mean "not stamped". A record is stamped
 * when rbsim_should_stamp(seq, lat_every) holds (every lat_every-th committed
 * record of a producer; lat_every is a power of two, 0 = never): reading the
 * clock for every 8-byte record would cost more than the ring itself. The
 * compact layouts keep 32 bits of ns: latencies must stay below 4.29 s.
 *
 * With verification off (--no-verify) producers write rbsim_rec_write_plain():
 * the pattern of base RBSIM_PLAIN_BASE over the whole record, no header (as
 * the selftests store a constant 42).
 */
#ifndef RBSIM_RECORD_H
#define RBSIM_RECORD_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define RBSIM_INLINE static inline __attribute__((always_inline))

#define RBSIM_REC_FULL_MIN      32  /* sizes >= this carry the full header */
#define RBSIM_REC_COMPACT16_MIN 16
#define RBSIM_REC_MIN           8   /* smallest size that carries producer and seq */
#define RBSIM_REC_MAX_PRODUCERS 256 /* compact8 keeps 8 bits of producer id */
#define RBSIM_SEQ48_MASK        0xffffffffffffULL
#define RBSIM_SEQ24_MASK        0xffffffULL

#define RBSIM_HASH_INIT   0x6a09e667f3bcc908ULL /* sqrt(2) fraction, as in SHA-512 */
#define RBSIM_PAT_SALT    0x9e3779b97f4a7c15ULL /* golden ratio */
#define RBSIM_PAT_STEP    0xd1b54a32d192ed03ULL /* odd: consecutive words always differ */
#define RBSIM_PLAIN_BASE  42ULL                  /* the selftests' sample_val */

/* bytes of header before the payload, per layout */
#define RBSIM_HDR_BYTES(size) \
	((size) >= RBSIM_REC_FULL_MIN ? 32u : (size) >= RBSIM_REC_COMPACT16_MIN ? 16u : \
	 (size) >= RBSIM_REC_MIN ? 8u : 0u)

struct rbsim_rec_full {
	__u32 producer;
	__u32 size;
	__u64 seq;
	__u64 ts_ns;
	__u64 csum;
};

struct rbsim_rec_compact16 {
	__u64 id_seq;
	__u32 ts_lo;
	__u32 check;
};

/* splitmix64's finalizer: every input bit reaches every output bit */
RBSIM_INLINE __u64 rbsim_mix64(__u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

RBSIM_INLINE __u64 rbsim_hash2(__u64 a, __u64 b)
{
	return rbsim_mix64(rbsim_mix64(RBSIM_HASH_INIT ^ a) ^ b);
}

RBSIM_INLINE __u64 rbsim_hash3(__u64 a, __u64 b, __u64 c)
{
	return rbsim_mix64(rbsim_mix64(rbsim_mix64(RBSIM_HASH_INIT ^ a) ^ b) ^ c);
}

RBSIM_INLINE __u64 rbsim_pat_base(__u32 producer, __u64 seq)
{
	return rbsim_mix64(seq ^ ((__u64)producer << 48) ^ RBSIM_PAT_SALT);
}

/* payload sum of nbytes of pattern starting at base, in closed form */
RBSIM_INLINE __u64 rbsim_payload_sum(__u64 base, __u32 nbytes)
{
	__u64 n = nbytes / 8, rem = nbytes % 8, sum;

	/* sum_{i<n} (base + i * STEP) = n * base + STEP * n(n-1)/2 */
	sum = n * base + RBSIM_PAT_STEP * (n * (n - 1) / 2);
	if (rem)
		sum += (base + n * RBSIM_PAT_STEP) & ((1ULL << (rem * 8)) - 1);
	return sum;
}

/* should the seq-th committed record of a producer carry a timestamp? */
RBSIM_INLINE int rbsim_should_stamp(__u64 seq, __u32 lat_every)
{
	return lat_every && (seq & (lat_every - 1)) == 0;
}

RBSIM_INLINE __u64 rbsim_ts_mark(__u64 ts_ns)
{
	return ts_ns | 1; /* 0 means "not stamped" */
}

RBSIM_INLINE __u64 rbsim_compact8_word(__u32 producer, __u64 seq, __u32 ts_lo)
{
	return ((__u64)(producer & 0xff) << 56) | ((seq & RBSIM_SEQ24_MASK) << 32) | ts_lo;
}

RBSIM_INLINE __u64 rbsim_compact16_id_seq(__u32 producer, __u64 seq)
{
	return ((__u64)producer << 48) | (seq & RBSIM_SEQ48_MASK);
}

/* the checksum words of the full and compact16 headers, before the payload sum */
RBSIM_INLINE __u64 rbsim_full_hdr_hash(__u32 producer, __u32 size, __u64 seq, __u64 ts_ns)
{
	return rbsim_hash3((__u64)producer | ((__u64)size << 32), seq, ts_ns);
}

RBSIM_INLINE __u64 rbsim_compact16_hdr_hash(__u64 id_seq, __u32 ts_lo, __u32 size)
{
	return rbsim_hash2(id_seq, ((__u64)ts_lo << 32) | size);
}

#ifndef __VMLINUX_H__
/*
 * Userspace writer and reader. Records may sit at any alignment (a perf
 * buffer sample starts 4 bytes into an 8-aligned slot), so words go through
 * memcpy, which compiles to plain moves.
 */
#include <string.h>

RBSIM_INLINE void rbsim_st64(void *p, __u64 v)
{
	memcpy(p, &v, sizeof(v));
}

RBSIM_INLINE __u64 rbsim_ld64(const void *p)
{
	__u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

RBSIM_INLINE void rbsim_pattern_write(unsigned char *p, __u64 base, __u32 nbytes)
{
	__u32 i, n = nbytes / 8, rem = nbytes % 8;
	__u64 w = base;

	for (i = 0; i < n; i++, w += RBSIM_PAT_STEP)
		rbsim_st64(p + 8 * i, w);
	if (rem)
		memcpy(p + 8 * n, &w, rem); /* little-endian: the low bytes */
}

/* the sum a consumer sees: same definition as rbsim_payload_sum() */
RBSIM_INLINE __u64 rbsim_pattern_sum(const unsigned char *p, __u32 nbytes)
{
	__u32 i, n = nbytes / 8, rem = nbytes % 8;
	__u64 sum = 0, w = 0;

	for (i = 0; i < n; i++)
		sum += rbsim_ld64(p + 8 * i);
	if (rem) {
		memcpy(&w, p + 8 * n, rem);
		sum += w;
	}
	return sum;
}

/*
 * Write a verifiable record of `size` bytes (size >= RBSIM_REC_MIN) at dst.
 * ts_ns is 0 or a value already passed through rbsim_ts_mark().
 */
RBSIM_INLINE void rbsim_rec_write(void *dst, __u32 size, __u32 producer, __u64 seq, __u64 ts_ns)
{
	unsigned char *p = dst;
	__u64 base, psum = 0;
	__u32 hdr;

	if (size < RBSIM_REC_COMPACT16_MIN) {
		/* the selftests' 8-byte records: one store, no payload hash */
		rbsim_st64(p, rbsim_compact8_word(producer, seq, (__u32)ts_ns));
		if (size > 8)
			rbsim_pattern_write(p + 8, rbsim_pat_base(producer, seq), size - 8);
		return;
	}
	hdr = RBSIM_HDR_BYTES(size);
	if (size > hdr) {
		base = rbsim_pat_base(producer, seq);
		rbsim_pattern_write(p + hdr, base, size - hdr);
		psum = rbsim_payload_sum(base, size - hdr);
	}
	if (size >= RBSIM_REC_FULL_MIN) {
		struct rbsim_rec_full h = {
			.producer = producer, .size = size, .seq = seq, .ts_ns = ts_ns,
			.csum = rbsim_full_hdr_hash(producer, size, seq, ts_ns) + psum,
		};
		memcpy(p, &h, sizeof(h));
	} else {
		struct rbsim_rec_compact16 h;

		h.id_seq = rbsim_compact16_id_seq(producer, seq);
		h.ts_lo = (__u32)ts_ns;
		h.check = (__u32)(rbsim_compact16_hdr_hash(h.id_seq, h.ts_lo, size) + psum);
		memcpy(p, &h, sizeof(h));
	}
}

/* --no-verify: the same bytes of pattern, no header, nothing to check */
RBSIM_INLINE void rbsim_rec_write_plain(void *dst, __u32 size)
{
	if (size == 8)
		rbsim_st64(dst, RBSIM_PLAIN_BASE); /* the selftests' sample_val = 42 */
	else
		rbsim_pattern_write(dst, RBSIM_PLAIN_BASE, size);
}
#endif /* !__VMLINUX_H__ */

#endif /* RBSIM_RECORD_H */

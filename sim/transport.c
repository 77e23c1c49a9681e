// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the transport table (filled by RBSIM_TRANSPORT() constructors) and
 * the helpers every transport shares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/transport.h"

static struct rbsim_transport_ops *transports[32];
static unsigned int nr_transports;

void rbsim_transport_register(struct rbsim_transport_ops *ops)
{
	unsigned int i;

	if (ops->opts_size > RBSIM_TOPTS_MAX) {
		fprintf(stderr, "rbsim: --transport %s: its options take %zu bytes, more than "
			"RBSIM_TOPTS_MAX (%d)\n", ops->name, ops->opts_size, RBSIM_TOPTS_MAX);
		abort();
	}
	if (nr_transports == sizeof(transports) / sizeof(transports[0]))
		return;
	/* sorted by name so --help is stable whatever the link order */
	for (i = nr_transports; i > 0 && strcmp(transports[i - 1]->name, ops->name) > 0; i--)
		transports[i] = transports[i - 1];
	transports[i] = ops;
	nr_transports++;
}

const struct rbsim_transport_ops *rbsim_transport_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_transports; i++) {
		if (!strcmp(transports[i]->name, name))
			return transports[i];
	}
	return NULL;
}

/* iterate: pass NULL for the first */
const struct rbsim_transport_ops *rbsim_transport_next(const struct rbsim_transport_ops *prev)
{
	unsigned int i;

	if (!prev)
		return nr_transports ? transports[0] : NULL;
	for (i = 0; i + 1 < nr_transports; i++) {
		if (transports[i] == prev)
			return transports[i + 1];
	}
	return NULL;
}

void rbsim_fill_rec(void *dst, __u32 size, __u32 producer, __u64 seq, __u64 ts_ns)
{
	rbsim_rec_write(dst, size, producer, seq, ts_ns);
}

void rbsim_fill_plain(void *dst, __u32 size)
{
	rbsim_rec_write_plain(dst, size);
}

static inline __u32 roundup_len(__u32 len)
{
	/* clear out the busy and discard bits, add the header, round up to 8 */
	len <<= 2;
	len >>= 2;
	len += BPF_RINGBUF_HDR_SZ;
	return (len + 7) / 8 * 8;
}

/*
 * PORT: on reaching a record still BUSY, the selftests return without
 * storing consumer_pos, so the records of that pass are seen again by the
 * next call (counted twice); here the position reached is stored first.
 * PORT: the selftests count discarded records too; here they are skipped, as
 * libbpf does, so that the verifier sees only committed records.
 */
int rbsim_ringbuf_custom_process(const struct ringbuf_mmap *view, struct rbsim_consumer *c)
{
	const char *data = view->data;
	unsigned long mask = view->size - 1, cons_pos, prod_pos;
	bool got_new_data;
	int cnt = 0;
	__u32 len;

	/* our own last store-release of consumer_pos */
	cons_pos = smp_load_acquire(view->consumer_pos);
	for (;;) {
		got_new_data = false;
		/* pairs with smp_store_release(producer_pos) in __bpf_ringbuf_reserve() */
		prod_pos = smp_load_acquire(view->producer_pos);
		while (cons_pos < prod_pos) {
			const __u32 *len_ptr = (const __u32 *)(data + (cons_pos & mask));

			/* pairs with xchg(&hdr->len) in bpf_ringbuf_commit() */
			len = smp_load_acquire(len_ptr);
			if (len & BPF_RINGBUF_BUSY_BIT)
				goto done;
			/* a record refused past the drain's deadline stays in the ring */
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				if (rbsim_record(c, (const char *)len_ptr + BPF_RINGBUF_HDR_SZ,
						 len) < 0)
					goto done;
				cnt++;
			}
			got_new_data = true;
			cons_pos += roundup_len(len);
		}
		if (!got_new_data)
			break;
		/* pairs with smp_load_acquire(consumer_pos) in reserve and commit */
		smp_store_release(view->consumer_pos, cons_pos);
	}
	return cnt;
done:
	if (got_new_data)
		smp_store_release(view->consumer_pos, cons_pos); /* as above */
	return cnt;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * adaptive: learn where an engine starts to pay, instead of assuming it.
 *
 * A batch's copy costs an engine about a + b * pages: a fixed part (for an
 * offload engine the submission and the wait for completion; for cpu-mt
 * the wakeups) and a part per page. From migrate_done the policy keeps,
 * per engine, exponentially weighted means (weight 1/2^ewma_shift) of the
 * pages n, the elapsed time t, n*n and n*t, and so a least-squares line
 * through its recent batches. Each batch goes to the available engine
 * whose line is lowest at its size, so the crossover between two engines
 * falls where their lines meet, anywhere between two sizes it has seen.
 * An engine with fewer than min_samples batches is tried first, and every
 * explore_every-th batch goes to the next available engine in turn, so the
 * lines follow changing load and cover the sizes that occur.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, explore_every, 16, 2, 1000000);
MMO_TUNABLE(__u32, ewma_shift, 3, 1, 10);
MMO_TUNABLE(__u32, min_samples, 4, 1, 1000);
/* The engines it may use, a bit per MMO_ENGINE_*; cpu is always allowed. */
MMO_TUNABLE(__u32, engine_mask, (1U << MMO_NR_ENGINES) - 1, 1,
	    (1U << MMO_NR_ENGINES) - 1);

/* Pages are kept with 8 fractional bits: means of small sizes stay exact. */
#define FRAC 8

struct fit {
	__u64 samples;
	__s64 n, t, nn, nt;	/* EWMAs of n<<FRAC, t, (n<<FRAC)^2, (n<<FRAC)*t */
};

struct fit fits[MMO_NR_ENGINES];

/* Read back by the tests through mmoctl status. */
__u64 nr_batches SEC(".data");
__u64 nr_explored SEC(".data");

static __always_inline __s64 ewma(__s64 old, __s64 sample, __u64 samples)
{
	return samples ? old + ((sample - old) >> ewma_shift) : sample;
}

/* |x| / y for y > 0, with the sign of x: BPF's division is unsigned. */
static __always_inline __s64 sdiv(__s64 x, __u64 y)
{
	return x < 0 ? -(__s64)((__u64)-x / y) : (__s64)((__u64)x / y);
}

/* The fitted cost of @pages on engine @e, in ns. */
static __always_inline __s64 predict(struct fit *f, __u32 pages)
{
	__s64 var = f->nn - f->n * f->n, cov = f->nt - f->n * f->t, b, a;

	/* One size seen so far, or noise: the mean cost per page. */
	if (var < (1 << (2 * FRAC)) || cov <= 0 || f->n <= 0)
		return sdiv(f->t * pages, f->n >> FRAC ?: 1);
	b = sdiv(cov << FRAC, var);		/* ns per page */
	a = f->t - (b * f->n >> FRAC);		/* ns per batch */
	return a + b * pages;
}

SEC("struct_ops/migrate_batch")
int BPF_PROG(adaptive_migrate_batch, struct mmo_migrate_ctx *batch)
{
	__u32 avail = batch->engines_available & (engine_mask | 1U << MMO_ENGINE_CPU);
	__u32 pages = batch->nr_pages;
	__u64 n = __sync_fetch_and_add(&nr_batches, 1);
	__s64 best_cost = 0;
	__u32 e, best = MMO_ENGINE_CPU;
	bool have_best = false;

	batch->chunk_pages = 0;
	for (e = 0; e < MMO_NR_ENGINES; e++) {
		struct fit *f = &fits[e];
		__s64 v;

		if (!(avail & (1U << e)))
			continue;
		if (f->samples < min_samples) {	/* not known yet: try it */
			__sync_fetch_and_add(&nr_explored, 1);
			batch->engine = e;
			return MMO_DECIDED;
		}
		v = predict(f, pages);
		if (!have_best || v < best_cost) {
			best_cost = v;
			best = e;
			have_best = true;
		}
	}
	if (explore_every && n % explore_every == 0) {
		/* Round-robin over the available engines other than the best. */
		for (e = 1; e < MMO_NR_ENGINES; e++) {
			__u32 cand = (best + e + (__u32)(n / explore_every)) % MMO_NR_ENGINES;

			if (cand != best && (avail & (1U << cand))) {
				__sync_fetch_and_add(&nr_explored, 1);
				best = cand;
				break;
			}
		}
	}
	batch->engine = best;
	return MMO_DECIDED;
}

SEC("struct_ops/migrate_done")
void BPF_PROG(adaptive_migrate_done, struct mmo_migrate_result *res)
{
	__s64 n = (__s64)res->nr_pages << FRAC, t = res->elapsed_ns;
	__u32 e = res->engine;
	struct fit *f;

	if (!res->nr_pages || e >= MMO_NR_ENGINES)
		return;
	/* Keep the checked copy as the index, or the verifier sees none. */
	barrier_var(e);
	f = &fits[e];
	f->n = ewma(f->n, n, f->samples);
	f->t = ewma(f->t, t, f->samples);
	f->nn = ewma(f->nn, n * n, f->samples);
	f->nt = ewma(f->nt, n * t, f->samples);
	f->samples++;
}

SEC(".struct_ops.link")
struct mm_offload_ops adaptive = {
	.migrate_batch	= (void *)adaptive_migrate_batch,
	.migrate_done	= (void *)adaptive_migrate_done,
	.name		= "adaptive",
};

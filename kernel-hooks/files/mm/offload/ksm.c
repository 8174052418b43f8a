// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: ksm's scan rounds, and the batched scan (Para-ksmC).
 *
 * This file is not built on its own: mm/ksm.c includes it, because the
 * batched scan works on ksm's static types (ksm_rmap_item, ksm_stable_node,
 * ksm_mm_slot), trees, counters and helpers. Exporting all of those from
 * ksm.c would be a far larger change to an existing file than the few hook
 * lines it now carries.
 *
 * At each ksmd round a policy's ksm_scan() sees the scan's state and picks
 * the candidate batch size (1 keeps stock's serial scan) and the engines
 * for checksums and compares. With a batch above 1, ksmd:
 *
 *  1. collects up to that many candidates (pages and their rmap_items) and
 *     flushes them before the scan leaves their mm_slot, whose rmap_items
 *     may be freed as it does (scan_get_next_rmap_item() hands back
 *     -EAGAIN instead of leaving it while a batch is held). KSM pages and
 *     pages of large folios take stock's path at once: they need no
 *     checksum, and a batch holding several references to one large
 *     folio would keep it from being split for a merge;
 *  2. checksums the batch in one executor CRC job (CRC-32C) on dsa or
 *     dsa-sim, or with stock's xxhash on the CPU, and drops the pages whose
 *     checksum changed, as stock does (a checksum stored by the other kind
 *     is checked by computing that kind on the CPU);
 *  3. searches the stable tree for all candidates in lock-step, one
 *     COMPARE job per tree level. The descent only reads the tree: a stale
 *     node it meets is left for the stock path to prune, which is how node
 *     removal is deferred while a batch is in flight. ksm.c counts every
 *     stable node freed or replaced; a node found equal is merged with, as
 *     stock does, only if none was since, else the candidate searches
 *     again on the stock path;
 *  4. searches the unstable tree in lock-step likewise, recording for each
 *     candidate that reaches a leaf its predecessor and successor (the
 *     paper's P1: rebalancing changes neither), then inserts the batch:
 *     candidates sharing a predecessor and successor form a group (P2);
 *     identical ones in a group (found among equal checksums) are twins,
 *     of which only the first in scan order is inserted, the firsts in
 *     content order, and the others merge with it, so that a batch ends
 *     as stock's serial scan of the same pages would. Only then are the
 *     candidates that matched an unstable tree page merged.
 *
 * Every merge goes through stock's own try_to_merge_*() functions, which
 * compare the pages in full under the page lock; anything unexpected sends
 * that one candidate down stock's per-page path. With merge_across_nodes
 * off, every node has its own pair of trees, and a batch holds the pages
 * of one node: the next page from another node flushes it first.
 */
#ifdef CONFIG_MM_OFFLOAD

#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/sort.h>
#include <linux/sysfs.h>

#include "internal.h"
#include "executor.h"
#include "ksm.h"

/* ksm.c defined CREATE_TRACE_POINTS for its own events; migrate.c has ours. */
#undef CREATE_TRACE_POINTS
#include <trace/events/mm_offload.h>

struct mmo_ksm_stats mmo_ksm_stats;

#define KSM_STAT_INC(f)		atomic64_inc(&mmo_ksm_stats.f)
#define KSM_STAT_ADD(n, f)	atomic64_add((n), &mmo_ksm_stats.f)

/* Where a candidate is in its batch's processing. */
enum ksm_cand_state {
	KSM_CAND_DONE,		/* nothing more to do this scan */
	KSM_CAND_SEARCH,	/* descending a tree */
	KSM_CAND_MISS,		/* no equal page in the tree searched */
	KSM_CAND_HIT,		/* equal to the tree page at @node */
	KSM_CAND_INSERT,	/* to go between @pred and @succ */
	KSM_CAND_INSERTED,	/* in the unstable tree */
	KSM_CAND_TWIN,		/* identical to @twin, inserted */
	KSM_CAND_SERIAL,	/* to go down stock's per-page path */
};

struct ksm_cand {
	struct ksm_rmap_item *rmap_item;
	struct page *page;		/* held until the candidate is done */
	struct rb_node *node;		/* to compare with next; or the hit */
	struct rb_node *pred, *succ;	/* unstable tree: the gap it goes in */
	struct page *tree_page;		/* held for a compare or a hit */
	struct ksm_cand *twin;
	u32 checksum;
	int cmp;
	u8 state;
};

struct ksm_batch {
	struct ksm_cand *cands;
	struct ksm_cand **order;	/* for sorting */
	struct ksm_cand **firsts;	/* an insertion group's distinct pages */
	struct mmo_item *items;		/* compares run inline: no free job */
	unsigned int nr;
	unsigned int size;		/* the policy's batch */
	unsigned int csum_engine;
	unsigned int cmp_engine;
	unsigned int levels;		/* of this batch's searches */
	int nid;			/* its trees: get_kpfn_nid() of its pages */
	unsigned long removals;		/* ksm_stable_tree_removals, at search */
};

static struct ksm_batch ksm_batch;

/* The last round, for the next ksm_scan() call. */
static struct {
	u64 ns;
	u64 merges;
	u32 batch;
} ksm_mmo_last;

/* CRC-32C of a page of zeroes, the zero_checksum of that kind. */
static u32 ksm_zero_crc32c;

static bool ksm_batch_alloc(struct ksm_batch *b)
{
	if (b->cands)
		return true;
	b->cands = kvcalloc(MMO_KSM_BATCH_MAX, sizeof(*b->cands), GFP_KERNEL);
	b->order = kvcalloc(MMO_KSM_BATCH_MAX, sizeof(*b->order), GFP_KERNEL);
	b->firsts = kvcalloc(MMO_KSM_BATCH_MAX, sizeof(*b->firsts), GFP_KERNEL);
	b->items = kvcalloc(MMO_KSM_BATCH_MAX, sizeof(*b->items), GFP_KERNEL);
	if (b->cands && b->order && b->firsts && b->items) {
		ksm_zero_crc32c = mmo_cpu_crc(ZERO_PAGE(0), 1);
		return true;
	}
	kvfree(b->cands);
	kvfree(b->order);
	kvfree(b->firsts);
	kvfree(b->items);
	b->cands = NULL;
	b->order = NULL;
	b->firsts = NULL;
	b->items = NULL;
	return false;
}

/* A candidate is finished with: its page goes back. */
static void ksm_cand_done(struct ksm_cand *c)
{
	if (c->tree_page)
		put_page(c->tree_page);
	c->tree_page = NULL;
	if (c->page)
		put_page(c->page);
	c->page = NULL;
	c->state = KSM_CAND_DONE;
}

/*
 * Stock's per-page path; for a page that is not a KSM page, from the tree
 * searches on (the batch has checked its checksum and the zero page).
 */
static void ksm_cand_serial(struct ksm_cand *c)
{
	KSM_STAT_INC(serial);
	ksm_batch_checked = !page_stable_node(c->page);
	cmp_and_merge_page(c->page, c->rmap_item);
	ksm_batch_checked = false;
	ksm_cand_done(c);
}

static struct mmo_engine *ksm_batch_engine(unsigned int id)
{
	return mmo_engine_get(id) ?: mmo_engine_get(MMO_ENGINE_CPU);
}

/*
 * Compare each candidate in SEARCH state that holds a tree page with it,
 * in one job on the compare engine, into ->cmp. Returns how many were
 * compared; a compare no one could do ends its candidate.
 */
static unsigned int ksm_batch_compare(struct ksm_batch *b)
{
	struct mmo_job *job = mmo_job_get();
	struct mmo_item *items = job ? job->items : b->items;
	unsigned int i, n = 0;

	for (i = 0; i < b->nr; i++) {
		struct ksm_cand *c = &b->cands[i];
		struct mmo_item *it;

		if (c->state != KSM_CAND_SEARCH || !c->tree_page)
			continue;
		it = &items[n++];
		it->src = c->page;
		it->dst = c->tree_page;
		it->nr_pages = 1;
		it->op = MMO_OP_COMPARE;
		it->status = MMO_ITEM_PENDING;
		it->done_bytes = 0;
		it->owner = i;
	}
	if (n && job) {
		struct mmo_exec_result res;

		job->nr_items = n;
		job->chunk_pages = 0;
		mmo_exec(ksm_batch_engine(b->cmp_engine), job, &res);
		mmo_note_engine_items(res.items, res.fallbacks);
	} else if (n) {
		KSM_STAT_INC(no_job);
		for (i = 0; i < n; i++) {
			int ret = memcmp_pages(items[i].src, items[i].dst);

			items[i].cmp = (ret > 0) - (ret < 0);
			items[i].status = MMO_ITEM_DONE;
		}
	}
	for (i = 0; i < n; i++) {
		struct ksm_cand *c = &b->cands[items[i].owner];

		if (items[i].status == MMO_ITEM_DONE)
			c->cmp = items[i].cmp;
		else
			ksm_cand_done(c);
	}
	if (job)
		mmo_job_put(job);
	if (n) {
		b->levels++;
		KSM_STAT_ADD(n, cmp_items);
		KSM_STAT_ADD(b->nr, cmp_slots);
	}
	return n;
}

/* The deepest lock-step search so far, for the counters. */
static void ksm_note_levels(unsigned int levels)
{
	if (levels > atomic64_read(&mmo_ksm_stats.max_levels))
		atomic64_set(&mmo_ksm_stats.max_levels, levels);
}

/* 2. Checksums. */

/* CRC-32C of every candidate in one job; false if no job was free. */
static bool ksm_batch_crc(struct ksm_batch *b)
{
	struct mmo_job *job = mmo_job_get();
	struct mmo_exec_result res;
	unsigned int i;

	if (!job) {
		KSM_STAT_INC(no_job);
		return false;
	}
	for (i = 0; i < b->nr; i++) {
		struct mmo_item *it = &job->items[i];

		it->src = b->cands[i].page;
		it->dst = NULL;
		it->nr_pages = 1;
		it->op = MMO_OP_CRC;
		it->status = MMO_ITEM_PENDING;
		it->done_bytes = 0;
		it->owner = i;
	}
	job->nr_items = b->nr;
	job->chunk_pages = 0;
	mmo_exec(ksm_batch_engine(b->csum_engine), job, &res);
	mmo_note_engine_items(res.items, res.fallbacks);
	for (i = 0; i < b->nr; i++) {
		struct mmo_item *it = &job->items[i];
		struct ksm_cand *c = &b->cands[it->owner];

		if (it->status == MMO_ITEM_DONE) {
			c->checksum = it->crc;
		} else {
			KSM_STAT_INC(csum_lost);
			ksm_cand_done(c);
		}
	}
	mmo_job_put(job);
	KSM_STAT_INC(csum_jobs);
	return true;
}

/*
 * Whether @page changed since @rmap_item's last scan, given its @checksum of
 * @kind now; records @checksum and @kind. A checksum stored by another
 * kind is compared with that kind's, computed again on the CPU: otherwise
 * a change of engine (a policy's choice per round, an ejection, a swap, or
 * the serial scan of a large folio before it was split) would make every
 * unchanged page wait a scan, and smart_scan would age it.
 */
static bool ksm_page_changed(struct ksm_rmap_item *rmap_item,
			     struct page *page, u32 checksum, u8 kind)
{
	u32 now = checksum;
	bool changed;

	if (rmap_item->checksum_kind != kind &&
	    rmap_item->checksum_kind != MMO_KSM_CSUM_NONE) {
		KSM_STAT_INC(csum_kind);
		if (rmap_item->checksum_kind == MMO_KSM_CSUM_XXHASH)
			now = calc_checksum(page);
		else
			now = mmo_cpu_crc(page, 1);
	}
	changed = rmap_item->oldchecksum != now;
	rmap_item->oldchecksum = checksum;
	rmap_item->checksum_kind = kind;
	return changed;
}

/* As try_to_merge_with_zero_page(), for a checksum of either kind. */
static bool ksm_batch_zero_page(struct ksm_cand *c, u8 kind)
{
	struct ksm_rmap_item *rmap_item = c->rmap_item;
	struct mm_struct *mm = rmap_item->mm;
	u32 zero = kind == MMO_KSM_CSUM_XXHASH ? zero_checksum : ksm_zero_crc32c;
	struct vm_area_struct *vma;
	int err = 0;

	if (!ksm_use_zero_pages || rmap_item->oldchecksum != zero)
		return false;
	mmap_read_lock(mm);
	vma = find_mergeable_vma(mm, rmap_item->address);
	if (vma) {
		err = try_to_merge_one_page(vma, c->page,
					    ZERO_PAGE(rmap_item->address));
		trace_ksm_merge_one_page(page_to_pfn(ZERO_PAGE(rmap_item->address)),
					 rmap_item, mm, err);
	}
	mmap_read_unlock(mm);
	/* As stock, a page whose vma went is done with too; not merged. */
	if (vma && !err)
		KSM_STAT_INC(zero_merged);
	return !err;
}

static void ksm_batch_checksums(struct ksm_batch *b)
{
	u8 kind = MMO_KSM_CSUM_CRC32C;
	unsigned int i;

	if (b->csum_engine == MMO_ENGINE_CPU) {
		kind = MMO_KSM_CSUM_XXHASH;
		for (i = 0; i < b->nr; i++)
			b->cands[i].checksum = calc_checksum(b->cands[i].page);
		KSM_STAT_INC(csum_cpu);
	} else if (!ksm_batch_crc(b)) {
		/*
		 * No job free: the CPU computes the policy's kind, CRC-32C, so
		 * that a busy executor never makes pages look changed.
		 */
		for (i = 0; i < b->nr; i++)
			b->cands[i].checksum = mmo_cpu_crc(b->cands[i].page, 1);
		KSM_STAT_INC(csum_cpu);
	}
	for (i = 0; i < b->nr; i++) {
		struct ksm_cand *c = &b->cands[i];

		if (c->state != KSM_CAND_SEARCH)
			continue;
		/* A page that changed since the last scan waits, as in stock. */
		if (ksm_page_changed(c->rmap_item, c->page, c->checksum, kind)) {
			KSM_STAT_INC(csum_changed);
			ksm_cand_done(c);
			continue;
		}
		if (ksm_batch_zero_page(c, kind))
			ksm_cand_done(c);
	}
}

/* 3. The stable tree. */

/* @node's page if it still is its ksm page, with a reference; no pruning. */
static struct folio *ksm_batch_peek_one(struct ksm_stable_node *node)
{
	void *expected = (void *)((unsigned long)node | PAGE_MAPPING_KSM);
	struct folio *folio = pfn_folio(READ_ONCE(node->kpfn));

	if (READ_ONCE(folio->mapping) != expected || !folio_try_get(folio))
		return NULL;
	if (READ_ONCE(folio->mapping) != expected) {
		folio_put(folio);
		return NULL;
	}
	return folio;
}

/* A page of a stable tree node, or of any dup of a chain: same content. */
static struct folio *ksm_batch_peek(struct ksm_stable_node *node)
{
	struct ksm_stable_node *dup;
	struct folio *folio;

	if (!is_stable_node_chain(node))
		return ksm_batch_peek_one(node);
	hlist_for_each_entry(dup, &node->hlist, hlist_dup) {
		folio = ksm_batch_peek_one(dup);
		if (folio)
			return folio;
	}
	return NULL;
}

/* As the end of cmp_and_merge_page(), with @kpage from the stable tree. */
static int ksm_batch_merge_ksm(struct ksm_cand *c, struct page *kpage)
{
	int err = try_to_merge_with_ksm_page(c->rmap_item, c->page, kpage);

	if (!err) {
		lock_page(kpage);
		stable_tree_append(c->rmap_item, page_stable_node(kpage),
				   false);
		unlock_page(kpage);
	}
	put_page(kpage);
	return err;
}

/*
 * @c compared equal to stable tree node @c->node: what stable_tree_search()
 * does when its memcmp_pages() returns 0, then merge as stock does.
 */
static void ksm_batch_stable_hit(struct ksm_batch *b, struct ksm_cand *c)
{
	struct ksm_stable_node *stable_node, *dup;
	struct folio *tree_folio;

	/* A node freed or replaced since may be this one: search again. */
	if (ksm_stable_tree_removals != b->removals) {
		ksm_cand_serial(c);
		return;
	}
	stable_node = rb_entry(c->node, struct ksm_stable_node, node);
	tree_folio = chain_prune(&dup, &stable_node, root_stable_tree + b->nid);
	if (!tree_folio) {
		ksm_cand_serial(c);
		return;
	}
	folio_put(tree_folio);
	if (!is_page_sharing_candidate(dup)) {
		/* Every dup is full: on to the unstable tree, as stock. */
		c->state = KSM_CAND_MISS;
		return;
	}
	tree_folio = ksm_get_folio(dup, KSM_GET_FOLIO_TRYLOCK);
	if (PTR_ERR(tree_folio) == -EBUSY) {
		ksm_cand_done(c);
		return;
	}
	if (!tree_folio) {
		ksm_cand_serial(c);
		return;
	}
	folio_unlock(tree_folio);
	if (get_kpfn_nid(dup->kpfn) != NUMA(dup->nid)) {
		/* Its ksm page moved node: stock's search takes it out. */
		folio_put(tree_folio);
		ksm_cand_serial(c);
		return;
	}
	if (!ksm_batch_merge_ksm(c, &tree_folio->page))
		KSM_STAT_INC(stable_hits);
	ksm_cand_done(c);
}

static void ksm_batch_stable(struct ksm_batch *b)
{
	struct rb_root *root = root_stable_tree + b->nid;
	unsigned int i, levels = b->levels;

	for (i = 0; i < b->nr; i++) {
		struct ksm_cand *c = &b->cands[i];

		if (c->state != KSM_CAND_SEARCH)
			continue;
		c->node = root->rb_node;
		if (!c->node)
			c->state = KSM_CAND_MISS;
	}
	b->removals = ksm_stable_tree_removals;
	for (;;) {
		for (i = 0; i < b->nr; i++) {
			struct ksm_cand *c = &b->cands[i];
			struct folio *folio;

			if (c->state != KSM_CAND_SEARCH)
				continue;
			folio = ksm_batch_peek(rb_entry(c->node,
							struct ksm_stable_node,
							node));
			if (folio)
				c->tree_page = &folio->page;
			else
				c->state = KSM_CAND_SERIAL;	/* stale: prune */
		}
		if (!ksm_batch_compare(b))
			break;
		KSM_STAT_INC(stable_levels);
		for (i = 0; i < b->nr; i++) {
			struct ksm_cand *c = &b->cands[i];

			if (c->state != KSM_CAND_SEARCH)
				continue;
			put_page(c->tree_page);
			c->tree_page = NULL;
			if (c->cmp < 0) {
				c->node = c->node->rb_left;
			} else if (c->cmp > 0) {
				c->node = c->node->rb_right;
			} else {
				c->state = KSM_CAND_HIT;
				continue;
			}
			if (!c->node)
				c->state = KSM_CAND_MISS;
		}
		cond_resched();
	}
	ksm_note_levels(b->levels - levels);

	/* The descent is over: the tree may change again. */
	for (i = 0; i < b->nr; i++) {
		struct ksm_cand *c = &b->cands[i];

		if (c->state == KSM_CAND_HIT)
			ksm_batch_stable_hit(b, c);
		else if (c->state == KSM_CAND_SERIAL)
			ksm_cand_serial(c);
	}
}

/* 4. The unstable tree. */

/*
 * Insert @c between @pred and @succ, neighbours in the tree: as the right
 * child of @pred if it has none, else as the left child of @succ (one of
 * them is free, P1). False if they are no longer neighbours.
 */
static bool ksm_batch_link(struct rb_root *root, struct rb_node *pred,
			   struct rb_node *succ, struct ksm_cand *c)
{
	struct ksm_rmap_item *rmap_item = c->rmap_item;
	struct rb_node *parent, **link;

	if (pred ? rb_next(pred) != succ :
	    succ ? rb_prev(succ) != NULL : root->rb_node != NULL)
		return false;
	if (pred && !pred->rb_right) {
		parent = pred;
		link = &pred->rb_right;
	} else if (succ && !succ->rb_left) {
		parent = succ;
		link = &succ->rb_left;
	} else if (!pred && !succ) {
		parent = NULL;
		link = &root->rb_node;
	} else {
		return false;
	}
	/* As unstable_tree_search_insert() inserts. */
	rmap_item->address |= UNSTABLE_FLAG;
	rmap_item->address |= (ksm_scan.seqnr & SEQNR_MASK);
	DO_NUMA(rmap_item->nid = get_kpfn_nid(page_to_pfn(c->page)));
	rb_link_node(&rmap_item->node, parent, link);
	rb_insert_color(&rmap_item->node, root);
	ksm_pages_unshared++;
	return true;
}

/*
 * By insertion gap, then checksum, then scan order: groups, with identical
 * pages side by side (their checksums are equal), and no page read.
 */
static int ksm_cand_cmp_gap(const void *a, const void *b)
{
	const struct ksm_cand *x = *(struct ksm_cand * const *)a;
	const struct ksm_cand *y = *(struct ksm_cand * const *)b;

	if (x->pred != y->pred)
		return (unsigned long)x->pred < (unsigned long)y->pred ? -1 : 1;
	if (x->succ != y->succ)
		return (unsigned long)x->succ < (unsigned long)y->succ ? -1 : 1;
	if (x->checksum != y->checksum)
		return x->checksum < y->checksum ? -1 : 1;
	/* b->cands holds the candidates in scan order. */
	return x < y ? -1 : x > y;
}

/* Pages of distinct content, in the unstable tree's order. */
static int ksm_cand_cmp_content(const void *a, const void *b)
{
	const struct ksm_cand *x = *(struct ksm_cand * const *)a;
	const struct ksm_cand *y = *(struct ksm_cand * const *)b;
	int ret;

	KSM_STAT_INC(group_compares);
	ret = memcmp_pages(x->page, y->page);
	return ret ? ret : (x < y ? -1 : x > y);
}

/* By the first they are twins of, then scan order. */
static int ksm_cand_cmp_twin(const void *a, const void *b)
{
	const struct ksm_cand *x = *(struct ksm_cand * const *)a;
	const struct ksm_cand *y = *(struct ksm_cand * const *)b;

	if (x->twin != y->twin)
		return (unsigned long)x->twin < (unsigned long)y->twin ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* By the unstable tree node hit, then scan order. */
static int ksm_cand_cmp_hit(const void *a, const void *b)
{
	const struct ksm_cand *x = *(struct ksm_cand * const *)a;
	const struct ksm_cand *y = *(struct ksm_cand * const *)b;

	if (x->node != y->node)
		return (unsigned long)x->node < (unsigned long)y->node ? -1 : 1;
	/* b->cands holds the candidates in scan order. */
	return x < y ? -1 : x > y;
}

/*
 * As cmp_and_merge_page() when unstable_tree_search_insert() found
 * @tree_rmap_item's @tree_page (a reference it takes over) equal to @c's
 * page. Returns the new ksm page (@c's page) or NULL.
 */
static struct page *ksm_batch_merge_pair(struct ksm_cand *c,
					 struct ksm_rmap_item *tree_rmap_item,
					 struct page *tree_page)
{
	struct ksm_stable_node *stable_node;
	struct page *page = c->page, *kpage;
	bool split;

	kpage = try_to_merge_two_pages(c->rmap_item, page, tree_rmap_item,
				       tree_page);
	split = PageTransCompound(page) &&
		compound_head(page) == compound_head(tree_page);
	put_page(tree_page);
	if (kpage) {
		lock_page(kpage);
		stable_node = stable_tree_insert(page_folio(kpage));
		if (stable_node) {
			stable_tree_append(tree_rmap_item, stable_node, false);
			stable_tree_append(c->rmap_item, stable_node, false);
		}
		unlock_page(kpage);
		if (!stable_node) {
			break_cow(tree_rmap_item);
			break_cow(c->rmap_item);
			return NULL;
		}
		return kpage;
	}
	if (split && trylock_page(page)) {
		split_huge_page(page);
		unlock_page(page);
	}
	return NULL;
}

/*
 * Merge @c with @kpage, a ksm page this batch made of a page identical to
 * @c's: what stock's scan of @c would do after finding it in the stable
 * tree. Returns true if merged.
 */
static bool ksm_batch_join(struct ksm_cand *c, struct page *kpage)
{
	struct ksm_stable_node *stable_node = page_stable_node(kpage);
	struct folio *folio;
	bool merged;

	if (!stable_node) {
		ksm_cand_serial(c);
		return false;
	}
	folio = ksm_get_folio(stable_node, KSM_GET_FOLIO_TRYLOCK);
	if (PTR_ERR(folio) == -EBUSY) {
		ksm_cand_done(c);
		return false;
	}
	if (!folio || !is_page_sharing_candidate(stable_node)) {
		/* Gone, or full: stock's search finds its way. */
		if (folio) {
			folio_unlock(folio);
			folio_put(folio);
		}
		ksm_cand_serial(c);
		return false;
	}
	folio_unlock(folio);
	merged = !ksm_batch_merge_ksm(c, &folio->page);
	ksm_cand_done(c);
	return merged;
}

/*
 * Merge @c with the page of unstable tree item @tree_rmap_item, looked up
 * as stock's search would. Returns the new ksm page or NULL; @c's page
 * stays held when it is the new ksm page, for the candidates that join it.
 */
static struct page *ksm_batch_pair(struct ksm_cand *c,
				   struct ksm_rmap_item *tree_rmap_item)
{
	struct page *tree_page;
	struct page *kpage;

	/*
	 * A serial fallback earlier in this batch may have merged the tree
	 * item into a stable node: search again as stock would, so @c joins
	 * that node rather than making a second one.
	 */
	if (!(tree_rmap_item->address & UNSTABLE_FLAG)) {
		ksm_cand_serial(c);
		return NULL;
	}
	tree_page = get_mergeable_page(tree_rmap_item);
	/*
	 * As unstable_tree_search_insert(): a tree page on another node
	 * (merge_across_nodes off; it migrated) goes to its own tree next
	 * scan, and the candidate is neither merged nor inserted. Checked
	 * here, as the merge takes the page back: the batch did not hold it
	 * since the search.
	 */
	if (!tree_page || tree_page == c->page ||
	    (!ksm_merge_across_nodes &&
	     page_to_nid(tree_page) != page_to_nid(c->page))) {
		if (tree_page)
			put_page(tree_page);
		ksm_cand_done(c);
		return NULL;
	}
	kpage = ksm_batch_merge_pair(c, tree_rmap_item, tree_page);
	if (!kpage)
		ksm_cand_done(c);
	return kpage;
}

/*
 * Candidates @order[first..end) matched the same unstable tree item, in
 * scan order: the first merges with it, the next ones with the ksm page
 * that makes; if a merge fails, the next one tries, as stock's scan would.
 */
static void ksm_batch_merge_run(struct ksm_cand **order, unsigned int first,
				unsigned int end, struct ksm_rmap_item *tree_item,
				atomic64_t *merged)
{
	struct ksm_cand *kcand = NULL;
	struct page *kpage = NULL;
	unsigned int i;

	for (i = first; i < end; i++) {
		struct ksm_cand *c = order[i];

		if (kpage) {
			if (ksm_batch_join(c, kpage))
				atomic64_inc(merged);
			continue;
		}
		kpage = ksm_batch_pair(c, tree_item);
		if (kpage) {
			kcand = c;
			atomic64_inc(merged);
		}
	}
	if (kcand)
		ksm_cand_done(kcand);
}

static bool ksm_cand_same(struct ksm_cand *x, struct ksm_cand *y)
{
	KSM_STAT_INC(group_compares);
	return !memcmp_pages(x->page, y->page);
}

/*
 * Distinct pages of one checksum a candidate is compared with, at most:
 * checksums can be made to collide, and the content sort that follows
 * catches any twin these miss.
 */
#define KSM_TWIN_PROBES	4

/*
 * Finds the twins of gap group @g[0..@n), sorted by checksum and scan
 * order: a page identical to an earlier one of its checksum becomes that
 * one's twin. Identical pages are neighbours, so each costs about one full
 * compare, as in stock's scan, where it finds the first in the tree.
 * Puts the others, the first page of each content, in @firsts and returns
 * their number.
 */
static unsigned int ksm_group_twins(struct ksm_cand **g, unsigned int n,
				    struct ksm_cand **firsts)
{
	unsigned int i, k, run_firsts = 0, nr_firsts = 0;

	for (i = 0; i < n; i++) {
		struct ksm_cand *c = g[i];

		if (i && g[i - 1]->checksum != c->checksum)
			run_firsts = nr_firsts;
		c->twin = NULL;
		k = max(run_firsts, nr_firsts - min(nr_firsts, KSM_TWIN_PROBES));
		for (; k < nr_firsts; k++) {
			if (ksm_cand_same(c, firsts[k])) {
				c->state = KSM_CAND_TWIN;
				c->twin = firsts[k];
				break;
			}
		}
		if (!c->twin)
			firsts[nr_firsts++] = c;
	}
	return nr_firsts;
}

/*
 * Inserts gap group @g[0..@n) between its predecessor and successor, the
 * first of each content in content order. A twin whose first could not
 * go in takes stock's path after it, as the first does.
 */
static void ksm_batch_insert_group(struct ksm_batch *b, struct rb_root *root,
				   struct ksm_cand **g, unsigned int n)
{
	struct ksm_cand **firsts = b->firsts, *last = NULL;
	struct rb_node *pred = g[0]->pred, *succ = g[0]->succ;
	unsigned int i, nr_firsts;
	bool gap_ok = true;

	nr_firsts = ksm_group_twins(g, n, firsts);
	sort(firsts, nr_firsts, sizeof(*firsts), ksm_cand_cmp_content, NULL);
	for (i = 0; i < nr_firsts; i++) {
		struct ksm_cand *c = firsts[i];

		/* Equal to the last: one changed since its checksum. */
		if (last && ksm_cand_same(c, last)) {
			c->state = KSM_CAND_TWIN;
			c->twin = last;
			continue;
		}
		if (gap_ok && ksm_batch_link(root, pred, succ, c)) {
			c->state = KSM_CAND_INSERTED;
			pred = &c->rmap_item->node;
			last = c;
			KSM_STAT_INC(inserted);
		} else {
			gap_ok = false;
			KSM_STAT_INC(insert_skipped);
			c->state = KSM_CAND_SERIAL;
		}
	}
	for (i = 0; i < n; i++) {
		struct ksm_cand *c = g[i];

		if (c->state != KSM_CAND_TWIN)
			continue;
		/* A first that became a twin of @last: theirs too. */
		if (c->twin->state == KSM_CAND_TWIN)
			c->twin = c->twin->twin;
		if (c->twin->state == KSM_CAND_SERIAL)
			c->state = KSM_CAND_SERIAL;
	}
}

static void ksm_batch_unstable(struct ksm_batch *b)
{
	struct rb_root *root = root_unstable_tree + b->nid;
	unsigned int i, j, k, n, levels = b->levels;

	for (i = 0; i < b->nr; i++) {
		struct ksm_cand *c = &b->cands[i];

		if (c->state != KSM_CAND_MISS)
			continue;
		c->state = KSM_CAND_SEARCH;
		c->node = root->rb_node;
		c->pred = NULL;
		c->succ = NULL;
		if (!c->node)
			c->state = KSM_CAND_INSERT;
	}
	for (;;) {
		for (i = 0; i < b->nr; i++) {
			struct ksm_cand *c = &b->cands[i];
			struct page *tree_page;

			if (c->state != KSM_CAND_SEARCH)
				continue;
			tree_page = get_mergeable_page(rb_entry(c->node,
						struct ksm_rmap_item, node));
			/* As unstable_tree_search_insert(): give up. */
			if (!tree_page || tree_page == c->page) {
				if (tree_page)
					put_page(tree_page);
				ksm_cand_done(c);
				continue;
			}
			c->tree_page = tree_page;
		}
		if (!ksm_batch_compare(b))
			break;
		KSM_STAT_INC(unstable_levels);
		for (i = 0; i < b->nr; i++) {
			struct ksm_cand *c = &b->cands[i];

			if (c->state != KSM_CAND_SEARCH)
				continue;
			if (!c->cmp) {
				c->state = KSM_CAND_HIT;	/* keeps tree_page */
				continue;
			}
			put_page(c->tree_page);
			c->tree_page = NULL;
			if (c->cmp < 0) {
				c->succ = c->node;
				c->node = c->node->rb_left;
			} else {
				c->pred = c->node;
				c->node = c->node->rb_right;
			}
			if (!c->node)
				c->state = KSM_CAND_INSERT;
		}
		cond_resched();
	}
	ksm_note_levels(b->levels - levels);

	/*
	 * Insert, group by group (one gap each, P2), in content order; of
	 * identical candidates only the first goes in, the others are its
	 * twins. Nothing else changes the tree until all are in, so every
	 * recorded gap holds.
	 */
	for (i = 0, n = 0; i < b->nr; i++)
		if (b->cands[i].state == KSM_CAND_INSERT)
			b->order[n++] = &b->cands[i];
	sort(b->order, n, sizeof(*b->order), ksm_cand_cmp_gap, NULL);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && b->order[j]->pred == b->order[i]->pred &&
		     b->order[j]->succ == b->order[i]->succ; j++)
			;
		ksm_batch_insert_group(b, root, b->order + i, j - i);
		KSM_STAT_INC(groups);
		if (j - i > 1)
			KSM_STAT_ADD(j - i, grouped);
	}
	/* An inserted page is done with: no reference of ours may stay. */
	for (i = 0; i < n; i++)
		if (b->order[i]->state == KSM_CAND_INSERTED)
			ksm_cand_done(b->order[i]);

	/*
	 * Twins merge with their inserted first, as stock's scan would:
	 * each first's twins together, in scan order.
	 */
	for (i = 0, k = 0; i < n; i++)
		if (b->order[i]->state == KSM_CAND_TWIN)
			b->firsts[k++] = b->order[i];
	sort(b->firsts, k, sizeof(*b->firsts), ksm_cand_cmp_twin, NULL);
	for (i = 0; i < k; i = j) {
		struct ksm_cand *first = b->firsts[i]->twin;

		for (j = i + 1; j < k && b->firsts[j]->twin == first; j++)
			;
		ksm_batch_merge_run(b->firsts, i, j, first->rmap_item,
				    &mmo_ksm_stats.batch_merges);
	}

	/*
	 * Then the candidates that matched a page in the tree. Their tree
	 * pages go back first: a page is write-protected for a merge only
	 * if no one but its mappers and the merging caller holds it, and
	 * several hits may hold one page, or pages of one large folio.
	 */
	for (i = 0, n = 0; i < b->nr; i++) {
		struct ksm_cand *c = &b->cands[i];

		if (c->state != KSM_CAND_HIT)
			continue;
		put_page(c->tree_page);
		c->tree_page = NULL;
		b->order[n++] = c;
	}
	sort(b->order, n, sizeof(*b->order), ksm_cand_cmp_hit, NULL);
	for (i = 0; i < n; i = j) {
		struct rb_node *node = b->order[i]->node;

		for (j = i + 1; j < n && b->order[j]->node == node; j++)
			;
		ksm_batch_merge_run(b->order, i, j,
				    rb_entry(node, struct ksm_rmap_item, node),
				    &mmo_ksm_stats.unstable_hits);
	}

	for (i = 0; i < b->nr; i++)
		if (b->cands[i].state == KSM_CAND_SERIAL)
			ksm_cand_serial(&b->cands[i]);
}

/* 1. Collection. */

static void ksm_batch_flush(struct ksm_batch *b, atomic64_t *count,
			    const char *why);

static void ksm_batch_add(struct ksm_batch *b, struct ksm_rmap_item *rmap_item,
			  struct page *page)
{
	struct ksm_cand *c;
	int nid;

	/*
	 * A KSM page needs no checksum; a page of a large folio must be
	 * the only one of it held to be split for a merge. Both take the
	 * stock path now, while no batch search is in flight. A large
	 * folio's page may merge with the batch's pages or they with it,
	 * so the batch goes first, as stock's scan would have finished with
	 * it; its subpages are batched once the folio is split.
	 */
	if (page_stable_node(page) || PageTransCompound(page)) {
		if (page_stable_node(page))
			KSM_STAT_INC(ksm_pages);
		else
			KSM_STAT_INC(large_pages);
		if (!page_stable_node(page) && b->nr) {
			/*
			 * Not held meanwhile: a merge of the batch may need
			 * to split this folio. Then the page at the address
			 * is whatever stock's scan would find there now.
			 */
			put_page(page);
			ksm_batch_flush(b, &mmo_ksm_stats.flush_large, "large");
			page = get_mergeable_page(rmap_item);
			if (!page)
				return;
		}
		cmp_and_merge_page(page, rmap_item);
		put_page(page);
		return;
	}
	/*
	 * A batch searches one node's trees: the pages before this one go
	 * first, as stock's scan would have finished with them.
	 */
	nid = get_kpfn_nid(page_to_pfn(page));
	if (b->nr && nid != b->nid)
		ksm_batch_flush(b, &mmo_ksm_stats.flush_node, "node");
	b->nid = nid;
	/* As cmp_and_merge_page() does first, before anything is searched. */
	remove_rmap_item_from_tree(rmap_item);
	c = &b->cands[b->nr];
	*c = (struct ksm_cand) {
		.rmap_item	= rmap_item,
		.page		= page,
		.state		= KSM_CAND_SEARCH,
	};
	ksm_batch_held = ++b->nr;
}

/* @why: the counter of this kind of flush, and its name for the trace. */
static void ksm_batch_flush(struct ksm_batch *b, atomic64_t *count,
			    const char *why)
{
	unsigned long before, after;
	unsigned int i;
	u64 start;

	if (!b->nr)
		return;
	before = ksm_pages_shared + ksm_pages_sharing;
	start = ktime_get_ns();
	atomic64_inc(count);
	KSM_STAT_INC(batches);
	KSM_STAT_ADD(b->nr, candidates);
	b->levels = 0;
	ksm_batch_checksums(b);
	ksm_batch_stable(b);
	ksm_batch_unstable(b);
	for (i = 0; i < b->nr; i++)
		ksm_cand_done(&b->cands[i]);
	after = ksm_pages_shared + ksm_pages_sharing;
	trace_mmo_ksm_batch(why, b->nr, b->levels,
			    after > before ? after - before : 0,
			    ktime_get_ns() - start);
	b->nr = 0;
	ksm_batch_held = 0;
}

/* ksm_do_scan_serial(), in batches. */
static void ksm_batch_scan(struct ksm_batch *b, unsigned int scan_npages)
{
	struct ksm_rmap_item *rmap_item;
	struct page *page;

	b->nr = 0;
	while (scan_npages && likely(!freezing(current))) {
		cond_resched();
		rmap_item = scan_get_next_rmap_item(&page);
		if (IS_ERR(rmap_item)) {
			/* The scan is leaving the batch's mm_slot. */
			ksm_batch_flush(b, &mmo_ksm_stats.flush_slot, "slot");
			continue;
		}
		if (!rmap_item)
			break;
		scan_npages--;
		ksm_pages_scanned++;
		ksm_batch_add(b, rmap_item, page);
		if (b->nr >= b->size)
			ksm_batch_flush(b, &mmo_ksm_stats.flush_full, "full");
	}
	ksm_batch_flush(b, &mmo_ksm_stats.flush_round, "round");
}

/* The round's decision. */

static u32 ksm_mmo_engines_available(void)
{
	u32 mask = 0;
	int i;

	for (i = 0; i < MMO_NR_ENGINES; i++)
		if (mmo_engine_available(i))
			mask |= BIT(i);
	return mask;
}

/* The policy's engine for @op if it may have it, else the CPU. */
static unsigned int ksm_mmo_engine(u32 engine, u32 available, enum mmo_op op,
				   bool *valid)
{
	struct mmo_engine *e;

	if (engine >= MMO_NR_ENGINES) {
		*valid = false;
		return MMO_ENGINE_CPU;
	}
	if (!(available & BIT(engine))) {
		/* The policy was told: it is ejected, not just corrected. */
		mmo_note_unavailable_engine(engine);
		*valid = false;
		return MMO_ENGINE_CPU;
	}
	e = mmo_engine_get(engine);
	if (!e || !(e->caps & BIT(op))) {
		*valid = false;
		return MMO_ENGINE_CPU;
	}
	return engine;
}

/*
 * Ask the policy about this round, into @b (batch 1 and the CPU unless it
 * decides otherwise). False if it has no ksm_scan.
 */
static bool ksm_mmo_decide(struct ksm_batch *b, unsigned int pages)
{
	unsigned long nodes = ksm_pages_shared + ksm_stable_node_chains;
	struct mm_offload_ops *ops;
	struct mmo_ksm_ctx ctx;
	bool called = false, valid = true;
	int ret = MMO_STOCK;
	s32 batch;

	ctx = (struct mmo_ksm_ctx) {
		.pages_to_scan		= pages,
		.engines_available	= ksm_mmo_engines_available(),
		/* a dup of a chain is no node of the tree */
		.stable_nodes		= nodes > ksm_stable_node_dups ?
					  nodes - ksm_stable_node_dups : 0,
		.unstable_nodes		= ksm_pages_unshared,
		.pages_shared		= ksm_pages_shared,
		.pages_sharing		= ksm_pages_sharing,
		.full_scans		= ksm_scan.seqnr,
		.last_ns		= ksm_mmo_last.ns,
		.last_merges		= ksm_mmo_last.merges,
		.last_batch		= ksm_mmo_last.batch,
		.batch			= 1,
		.csum_engine		= MMO_ENGINE_CPU,
		.cmp_engine		= MMO_ENGINE_CPU,
	};

	rcu_read_lock();
	ops = rcu_dereference(mmo_active_ops);
	if (ops && ops->ksm_scan) {
		ret = ops->ksm_scan(&ctx);
		called = true;
	}
	rcu_read_unlock();
	if (!called)
		return false;

	KSM_STAT_INC(calls);
	b->size = 1;
	b->csum_engine = MMO_ENGINE_CPU;
	b->cmp_engine = MMO_ENGINE_CPU;
	if (ret == MMO_STOCK)
		goto out;
	if (ret != MMO_DECIDED) {
		valid = false;
		goto out;
	}
	batch = ctx.batch;
	if (batch < MMO_KSM_BATCH_MIN || batch > MMO_KSM_BATCH_MAX) {
		KSM_STAT_INC(clamped);
		valid = false;
		batch = clamp(batch, MMO_KSM_BATCH_MIN, MMO_KSM_BATCH_MAX);
	}
	b->size = batch;
	b->csum_engine = ksm_mmo_engine(ctx.csum_engine, ctx.engines_available,
					MMO_OP_CRC, &valid);
	b->cmp_engine = ksm_mmo_engine(ctx.cmp_engine, ctx.engines_available,
				       MMO_OP_COMPARE, &valid);
out:
	if (!valid) {
		KSM_STAT_INC(invalid);
		mmo_note_invalid();
	}
	trace_mmo_ksm_scan(&ctx, ret, b->size,
			   ksm_batch_engine(b->csum_engine)->name,
			   ksm_batch_engine(b->cmp_engine)->name, valid);
	return true;
}

/*
 * One ksmd round under a policy with ksm_scan: serial or batched, as it
 * decides. False when there is no such policy: the caller runs stock.
 */
static bool mmo_ksm_do_scan(unsigned int scan_npages)
{
	struct ksm_batch *b = &ksm_batch;
	unsigned long before, after;
	u64 start;

	if (!static_branch_unlikely(&mmo_attached))
		return false;
	if (!ksm_mmo_decide(b, scan_npages))
		return false;

	start = ktime_get_ns();
	before = ksm_pages_shared + ksm_pages_sharing;
	if (b->size > 1 && ksm_batch_alloc(b)) {
		KSM_STAT_INC(batched_rounds);
		ksm_batch_scan(b, scan_npages);
		ksm_mmo_last.batch = b->size;
	} else {
		KSM_STAT_INC(serial_rounds);
		ksm_do_scan_serial(scan_npages);
		ksm_mmo_last.batch = 1;
	}
	after = ksm_pages_shared + ksm_pages_sharing;
	ksm_mmo_last.ns = ktime_get_ns() - start;
	ksm_mmo_last.merges = after > before ? after - before : 0;
	return true;
}

/* /sys/kernel/mm/mm_offload/ksm/ */

#define MMO_KSM_ATTR(field)						\
static ssize_t ksm_##field##_show(struct kobject *kobj,		\
				  struct kobj_attribute *attr, char *buf) \
{									\
	return sysfs_emit(buf, "%lld\n",				\
			  atomic64_read(&mmo_ksm_stats.field));		\
}									\
static struct kobj_attribute ksm_##field##_attr =			\
	__ATTR(field, 0444, ksm_##field##_show, NULL)

MMO_KSM_ATTR(calls);
MMO_KSM_ATTR(invalid);
MMO_KSM_ATTR(clamped);
MMO_KSM_ATTR(serial_rounds);
MMO_KSM_ATTR(batched_rounds);
MMO_KSM_ATTR(batches);
MMO_KSM_ATTR(candidates);
MMO_KSM_ATTR(flush_full);
MMO_KSM_ATTR(flush_slot);
MMO_KSM_ATTR(flush_round);
MMO_KSM_ATTR(flush_node);
MMO_KSM_ATTR(flush_large);
MMO_KSM_ATTR(ksm_pages);
MMO_KSM_ATTR(large_pages);
MMO_KSM_ATTR(csum_jobs);
MMO_KSM_ATTR(csum_cpu);
MMO_KSM_ATTR(csum_changed);
MMO_KSM_ATTR(csum_kind);
MMO_KSM_ATTR(csum_lost);
MMO_KSM_ATTR(zero_merged);
MMO_KSM_ATTR(stable_levels);
MMO_KSM_ATTR(unstable_levels);
MMO_KSM_ATTR(cmp_items);
MMO_KSM_ATTR(cmp_slots);
MMO_KSM_ATTR(max_levels);
MMO_KSM_ATTR(no_job);
MMO_KSM_ATTR(stable_hits);
MMO_KSM_ATTR(unstable_hits);
MMO_KSM_ATTR(inserted);
MMO_KSM_ATTR(groups);
MMO_KSM_ATTR(grouped);
MMO_KSM_ATTR(batch_merges);
MMO_KSM_ATTR(group_compares);
MMO_KSM_ATTR(insert_skipped);
MMO_KSM_ATTR(serial);

/* Compares per lock-step level over the batch size, in percent (Fig. 9). */
static ssize_t ksm_utilisation_pct_show(struct kobject *kobj,
					struct kobj_attribute *attr, char *buf)
{
	u64 slots = atomic64_read(&mmo_ksm_stats.cmp_slots);

	return sysfs_emit(buf, "%llu\n", slots ?
			  div64_u64(atomic64_read(&mmo_ksm_stats.cmp_items) * 100,
				    slots) : 0);
}

static struct kobj_attribute ksm_utilisation_pct_attr =
	__ATTR(utilisation_pct, 0444, ksm_utilisation_pct_show, NULL);

static struct attribute *mmo_ksm_attrs[] = {
	&ksm_calls_attr.attr,
	&ksm_invalid_attr.attr,
	&ksm_clamped_attr.attr,
	&ksm_serial_rounds_attr.attr,
	&ksm_batched_rounds_attr.attr,
	&ksm_batches_attr.attr,
	&ksm_candidates_attr.attr,
	&ksm_flush_full_attr.attr,
	&ksm_flush_slot_attr.attr,
	&ksm_flush_round_attr.attr,
	&ksm_flush_node_attr.attr,
	&ksm_flush_large_attr.attr,
	&ksm_ksm_pages_attr.attr,
	&ksm_large_pages_attr.attr,
	&ksm_csum_jobs_attr.attr,
	&ksm_csum_cpu_attr.attr,
	&ksm_csum_changed_attr.attr,
	&ksm_csum_kind_attr.attr,
	&ksm_csum_lost_attr.attr,
	&ksm_zero_merged_attr.attr,
	&ksm_stable_levels_attr.attr,
	&ksm_unstable_levels_attr.attr,
	&ksm_cmp_items_attr.attr,
	&ksm_cmp_slots_attr.attr,
	&ksm_max_levels_attr.attr,
	&ksm_no_job_attr.attr,
	&ksm_stable_hits_attr.attr,
	&ksm_unstable_hits_attr.attr,
	&ksm_inserted_attr.attr,
	&ksm_groups_attr.attr,
	&ksm_grouped_attr.attr,
	&ksm_batch_merges_attr.attr,
	&ksm_group_compares_attr.attr,
	&ksm_insert_skipped_attr.attr,
	&ksm_serial_attr.attr,
	&ksm_utilisation_pct_attr.attr,
	NULL,
};

static const struct attribute_group mmo_ksm_group = {
	.name	= "ksm",
	.attrs	= mmo_ksm_attrs,
};

int mmo_ksm_sysfs_init(struct kobject *top)
{
	return sysfs_create_group(top, &mmo_ksm_group);
}

#else /* !CONFIG_MM_OFFLOAD */

static inline bool mmo_ksm_do_scan(unsigned int scan_npages)
{
	return false;
}

#endif /* CONFIG_MM_OFFLOAD */

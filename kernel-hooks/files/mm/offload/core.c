// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the struct mm_offload_ops BPF struct_ops type.
 *
 * One policy is active at a time. It is attached only through a BPF link,
 * and a link update swaps it for another policy atomically: every hook sees
 * either the old policy or the new one, never neither. Hooks reach the
 * policy through one RCU pointer behind the mmo_attached static key.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "internal.h"
#include "executor.h"

DEFINE_STATIC_KEY_FALSE(mmo_attached);
struct mm_offload_ops __rcu *mmo_active_ops;

/* Serialises attach, swap and detach, and guards the fields below. */
static DEFINE_MUTEX(mmo_attach_lock);
static char mmo_policy_name[MMO_POLICY_NAME_LEN];
static int mmo_state;
static u64 mmo_swaps;
/* Bumped whenever the active policy changes: an ejection names its policy. */
static u64 mmo_generation;
/* The policy last ejected, while its link is still there, and why. */
static struct mm_offload_ops *mmo_ejected_ops;
static struct mmo_exit_info mmo_last_exit;
static u64 mmo_ejections;

struct mmo_promote_stats mmo_promote_stats;
struct mmo_compact_stats mmo_compact_stats;

static const struct btf_type *mmo_migrate_ctx_type;
static const struct btf_type *mmo_promote_ctx_type;
static const struct btf_type *mmo_compact_ctx_type;
static const struct btf_type *mmo_ksm_ctx_type;
static s32 mmo_ops_type_id;

void mmo_policy_snapshot(char *name, size_t len, int *state,
			 u64 *swaps)
{
	mutex_lock(&mmo_attach_lock);
	strscpy(name, mmo_policy_name, len);
	*state = mmo_state;
	*swaps = mmo_swaps;
	mutex_unlock(&mmo_attach_lock);
}

/* The last ejection, as sysfs shows it; *@ejections counts them all. */
void mmo_exit_snapshot(struct mmo_exit_info *info, u64 *ejections)
{
	mutex_lock(&mmo_attach_lock);
	*info = mmo_last_exit;
	*ejections = mmo_ejections;
	mutex_unlock(&mmo_attach_lock);
}

u64 mmo_policy_generation(void)
{
	return READ_ONCE(mmo_generation);
}

/* A program of struct mm_offload_ops: the only callers of our kfuncs. */
bool mmo_prog_is_policy(const struct bpf_prog *prog)
{
	return prog->type == BPF_PROG_TYPE_STRUCT_OPS &&
	       prog->aux->attach_btf_id == mmo_ops_type_id;
}

/* A policy becomes the active one (under mmo_attach_lock). */
static void mmo_set_active(struct mm_offload_ops *ops)
{
	rcu_assign_pointer(mmo_active_ops, ops);
	strscpy(mmo_policy_name, ops->name, sizeof(mmo_policy_name));
	mmo_state = MMO_STATE_ATTACHED;
	mmo_ejected_ops = NULL;
	WRITE_ONCE(mmo_generation, mmo_generation + 1);
	mmo_eject_reset();
}

static int mmo_bpf_init(struct btf *btf)
{
	s32 migrate = btf_find_by_name_kind(btf, "mmo_migrate_ctx", BTF_KIND_STRUCT);
	s32 promote = btf_find_by_name_kind(btf, "mmo_promote_ctx", BTF_KIND_STRUCT);
	s32 compact = btf_find_by_name_kind(btf, "mmo_compact_ctx", BTF_KIND_STRUCT);
	s32 ksm = btf_find_by_name_kind(btf, "mmo_ksm_ctx", BTF_KIND_STRUCT);

	mmo_ops_type_id = btf_find_by_name_kind(btf, "mm_offload_ops",
						BTF_KIND_STRUCT);
	if (migrate < 0 || promote < 0 || compact < 0 || ksm < 0 ||
	    mmo_ops_type_id < 0)
		return -EINVAL;
	mmo_ksm_ctx_type = btf_type_by_id(btf, ksm);
	mmo_compact_ctx_type = btf_type_by_id(btf, compact);
	mmo_migrate_ctx_type = btf_type_by_id(btf, migrate);
	mmo_promote_ctx_type = btf_type_by_id(btf, promote);
	return 0;
}

/* The fields of a context a policy may write: its decision. */
struct mmo_writable_field {
	const struct btf_type **type;
	u32 off;
	u32 end;
};

static const struct mmo_writable_field mmo_writable_fields[] = {
	{ &mmo_migrate_ctx_type, offsetof(struct mmo_migrate_ctx, engine),
	  offsetofend(struct mmo_migrate_ctx, engine) },
	{ &mmo_migrate_ctx_type, offsetof(struct mmo_migrate_ctx, chunk_pages),
	  offsetofend(struct mmo_migrate_ctx, chunk_pages) },
	{ &mmo_promote_ctx_type, offsetof(struct mmo_promote_ctx, rate_limit),
	  offsetofend(struct mmo_promote_ctx, rate_limit) },
	{ &mmo_promote_ctx_type, offsetof(struct mmo_promote_ctx, target),
	  offsetofend(struct mmo_promote_ctx, target) },
	{ &mmo_promote_ctx_type, offsetof(struct mmo_promote_ctx, threshold_ms),
	  offsetofend(struct mmo_promote_ctx, threshold_ms) },
	{ &mmo_compact_ctx_type, offsetof(struct mmo_compact_ctx, batch_pages),
	  offsetofend(struct mmo_compact_ctx, batch_pages) },
	{ &mmo_ksm_ctx_type, offsetof(struct mmo_ksm_ctx, batch),
	  offsetofend(struct mmo_ksm_ctx, batch) },
	{ &mmo_ksm_ctx_type, offsetof(struct mmo_ksm_ctx, csum_engine),
	  offsetofend(struct mmo_ksm_ctx, csum_engine) },
	{ &mmo_ksm_ctx_type, offsetof(struct mmo_ksm_ctx, cmp_engine),
	  offsetofend(struct mmo_ksm_ctx, cmp_engine) },
};

/* Name of the member of @t at byte @off, for verifier messages. */
static const char *mmo_member_name(const struct btf *btf,
				   const struct btf_type *t, int off)
{
	const struct btf_member *m;
	int i;

	for_each_member(i, t, m) {
		u32 moff = __btf_member_bit_offset(t, m) / 8;
		const struct btf_type *mt = btf_type_by_id(btf, m->type);
		u32 msize = 0;

		btf_resolve_size(btf, mt, &msize);
		if (off >= moff && off < moff + msize)
			return btf_name_by_offset(btf, m->name_off);
	}
	return "?";
}

/* Called by the verifier for every store through a pointer argument. */
static int mmo_btf_struct_access(struct bpf_verifier_log *log,
				 const struct bpf_reg_state *reg,
				 int off, int size)
{
	const struct btf_type *t = btf_type_by_id(reg->btf, reg->btf_id);
	const char *tname = btf_name_by_offset(reg->btf, t->name_off);
	int i;

	for (i = 0; i < ARRAY_SIZE(mmo_writable_fields); i++) {
		const struct mmo_writable_field *f = &mmo_writable_fields[i];

		if (*f->type == t && off >= f->off && off + size <= f->end)
			return 0;
	}

	bpf_log(log,
		"mm_offload: %s.%s is read-only; a policy may write only its decision fields\n",
		tname, mmo_member_name(reg->btf, t, off));
	return -EACCES;
}

static const struct bpf_func_proto *
mmo_get_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return bpf_base_func_proto(func_id, prog);
}

static const struct bpf_verifier_ops mmo_verifier_ops = {
	.get_func_proto		= mmo_get_func_proto,
	.is_valid_access	= bpf_tracing_btf_ctx_access,
	.btf_struct_access	= mmo_btf_struct_access,
};

/* Hooks run in atomic or reclaim context: only init and exit may sleep. */
static int mmo_check_member(const struct btf_type *t,
			    const struct btf_member *member,
			    const struct bpf_prog *prog)
{
	u32 moff = __btf_member_bit_offset(t, member) / 8;

	switch (moff) {
	case offsetof(struct mm_offload_ops, init):
	case offsetof(struct mm_offload_ops, exit):
		return 0;
	default:
		return prog->sleepable ? -EINVAL : 0;
	}
}

static int mmo_init_member(const struct btf_type *t,
			   const struct btf_member *member,
			   void *kdata, const void *udata)
{
	const struct mm_offload_ops *uops = udata;
	struct mm_offload_ops *ops = kdata;
	u32 moff = __btf_member_bit_offset(t, member) / 8;

	if (moff != offsetof(struct mm_offload_ops, name))
		return 0;
	if (bpf_obj_name_cpy(ops->name, uops->name, sizeof(ops->name)) <= 0)
		return -EINVAL;
	return 1;
}

/* A policy's init may return anything; only errnos are passed on. */
static int mmo_call_init(struct mm_offload_ops *ops)
{
	int ret;

	if (!ops->init)
		return 0;
	ret = ops->init();
	if (ret && !IS_ERR_VALUE((long)ret))
		ret = -EINVAL;
	return ret;
}

static void mmo_call_exit(struct mm_offload_ops *ops, int kind)
{
	struct mmo_exit_info info = { .kind = kind };

	if (ops->exit)
		ops->exit(&info);
}

/* Take the active policy away, as unload does (under mmo_attach_lock). */
static void mmo_clear_active(void)
{
	static_branch_disable(&mmo_attached);
	RCU_INIT_POINTER(mmo_active_ops, NULL);
	WRITE_ONCE(mmo_generation, mmo_generation + 1);
	synchronize_rcu();
	mmo_promote_switched(NULL);
}

/*
 * Eject the active policy if it is still the one of generation @gen (see
 * eject.c). Its link stays; unload or swap clear the state afterwards.
 */
void mmo_detach_ejected(u64 gen, struct mmo_exit_info *info)
{
	struct mm_offload_ops *ops;

	mutex_lock(&mmo_attach_lock);
	ops = rcu_dereference_protected(mmo_active_ops,
					lockdep_is_held(&mmo_attach_lock));
	if (!ops || gen != mmo_generation) {
		mutex_unlock(&mmo_attach_lock);
		return;
	}
	mmo_clear_active();
	if (ops->exit)
		ops->exit(info);
	mmo_last_exit = *info;
	mmo_ejected_ops = ops;
	mmo_ejections++;
	mmo_state = MMO_STATE_EJECTED;
	mutex_unlock(&mmo_attach_lock);
	pr_warn("mm_offload: policy %s ejected: %s; kernel defaults restored\n",
		ops->name, info->msg);
}

/* @ops becomes active where none is (under mmo_attach_lock). */
static int mmo_attach_fresh(struct mm_offload_ops *ops)
{
	int ret = mmo_promote_prepare(ops);

	if (!ret)
		ret = mmo_call_init(ops);
	if (ret) {
		mmo_promote_release(NULL);
		return ret;
	}
	mmo_promote_switched(ops);
	mmo_set_active(ops);
	static_branch_enable(&mmo_attached);
	return 0;
}

static int mmo_reg(void *kdata, struct bpf_link *link)
{
	struct mm_offload_ops *ops = kdata;
	int ret;

	/* New struct_ops types are link-only: a pinned link is the handle. */
	if (!link) {
		pr_info_ratelimited("mm_offload: %s: attach through a BPF link; map-only registration is not supported\n",
				    ops->name);
		return -EOPNOTSUPP;
	}

	mutex_lock(&mmo_attach_lock);
	if (rcu_access_pointer(mmo_active_ops))
		ret = -EBUSY;
	else
		ret = mmo_attach_fresh(ops);
	mutex_unlock(&mmo_attach_lock);
	if (!ret)
		pr_info("mm_offload: policy %s attached\n", ops->name);
	return ret;
}

static void mmo_unreg(void *kdata, struct bpf_link *link)
{
	struct mm_offload_ops *ops = kdata;

	mutex_lock(&mmo_attach_lock);
	if (rcu_access_pointer(mmo_active_ops) != ops) {
		/* An ejected policy's link goes: nothing is attached now. */
		if (ops == mmo_ejected_ops) {
			mmo_ejected_ops = NULL;
			mmo_policy_name[0] = '\0';
			mmo_state = MMO_STATE_NONE;
		}
		mutex_unlock(&mmo_attach_lock);
		return;
	}
	mmo_clear_active();
	mmo_call_exit(ops, MMO_EXIT_UNLOAD);
	mmo_policy_name[0] = '\0';
	mmo_state = MMO_STATE_NONE;
	mutex_unlock(&mmo_attach_lock);
	pr_info("mm_offload: policy %s detached\n", ops->name);
}

static int mmo_update(void *kdata, void *old_kdata, struct bpf_link *link)
{
	struct mm_offload_ops *ops = kdata, *old = old_kdata;
	int ret;

	mutex_lock(&mmo_attach_lock);
	if (old == mmo_ejected_ops && !rcu_access_pointer(mmo_active_ops)) {
		/* Replacing an ejected policy: a fresh attach. */
		ret = mmo_attach_fresh(ops);
		if (!ret) {
			mmo_swaps++;
			pr_info("mm_offload: ejected policy %s replaced by %s\n",
				old->name, ops->name);
		}
		goto out;
	}
	if (rcu_access_pointer(mmo_active_ops) != old) {
		ret = -ENOENT;
		goto out;
	}
	ret = mmo_promote_prepare(ops);
	if (!ret)
		ret = mmo_call_init(ops);
	if (ret) {
		mmo_promote_release(old);
		goto out;
	}
	mmo_set_active(ops);
	mmo_swaps++;
	/* No hook may still be running the old policy when it is told. */
	synchronize_rcu();
	mmo_promote_switched(ops);
	mmo_call_exit(old, MMO_EXIT_SWAPPED);
	pr_info("mm_offload: policy %s replaced by %s\n", old->name, ops->name);
out:
	mutex_unlock(&mmo_attach_lock);
	return ret;
}

static int mmo_validate(void *kdata)
{
	return 0;
}

/* cfi stubs: they give every member its kCFI type; never called. */
static int mmo_stub_migrate_batch(struct mmo_migrate_ctx *ctx)
{
	return MMO_STOCK;
}

static void mmo_stub_migrate_done(struct mmo_migrate_result *res)
{
}

static int mmo_stub_promote_tune(struct mmo_promote_ctx *ctx)
{
	return MMO_STOCK;
}

static int mmo_stub_promote_folio(struct mmo_promote_folio_ctx *ctx)
{
	return MMO_PROMOTE_ALLOW;
}

static int mmo_stub_compact_batch(struct mmo_compact_ctx *ctx)
{
	return MMO_STOCK;
}

static int mmo_stub_ksm_scan(struct mmo_ksm_ctx *ctx)
{
	return MMO_STOCK;
}

static int mmo_stub_init(void)
{
	return 0;
}

static void mmo_stub_exit(struct mmo_exit_info *info)
{
}

static struct mm_offload_ops __bpf_ops_mm_offload_ops = {
	.migrate_batch	= mmo_stub_migrate_batch,
	.migrate_done	= mmo_stub_migrate_done,
	.promote_tune	= mmo_stub_promote_tune,
	.promote_folio	= mmo_stub_promote_folio,
	.compact_batch	= mmo_stub_compact_batch,
	.ksm_scan	= mmo_stub_ksm_scan,
	.init		= mmo_stub_init,
	.exit		= mmo_stub_exit,
};

static struct bpf_struct_ops bpf_mm_offload_ops = {
	.verifier_ops	= &mmo_verifier_ops,
	.init		= mmo_bpf_init,
	.check_member	= mmo_check_member,
	.init_member	= mmo_init_member,
	.reg		= mmo_reg,
	.unreg		= mmo_unreg,
	.update		= mmo_update,
	.validate	= mmo_validate,
	.cfi_stubs	= &__bpf_ops_mm_offload_ops,
	.name		= "mm_offload_ops",
	.owner		= THIS_MODULE,
};

static int __init mmo_init(void)
{
	int ret;

	ret = mmo_executor_init();
	if (!ret)
		ret = mmo_promote_init();
	if (!ret)
		ret = mmo_eject_init();
	if (ret) {
		pr_err("mm_offload: executor init failed: %d\n", ret);
		return ret;
	}
	ret = register_bpf_struct_ops(&bpf_mm_offload_ops, mm_offload_ops);
	if (ret) {
		pr_err("mm_offload: struct_ops registration failed: %d\n", ret);
		return ret;
	}
	return mmo_sysfs_init();
}
late_initcall(mmo_init);

/*
 * gitwalk.c - which commits a push brings: everything reachable from the
 * new tip that no existing ref (or no remote-tracking ref) reaches.
 *
 * Layer: runtime.  This is git's own `rev-list new --not <hidden>` walk
 * (revision.c's limit_list): commits come off a queue newest first; a
 * hidden commit marks its ancestors hidden; the walk stops once only
 * hidden commits are left, after a few more (the slop) to survive clock
 * skew.  It is written here rather than taken from git_revwalk because
 * libgit2 1.5 knows nothing of shallow clones and fails on the first
 * missing parent; here a commit listed in .git/shallow simply has no
 * parents, as git treats it.
 */
#include "common.h"
#include "git.h"
#include "vec.h"

#define F_HIDDEN  1u   /* reachable from something hidden */
#define F_SEEN    2u   /* parsed and queued once */
#define F_QUEUED  4u   /* in the queue now */
#define F_MISSING 8u   /* a hidden commit whose object is missing: a root */

#define SLOP 5

typedef struct {
	git_oid id;
	int64_t time;
	uint32_t first;    /* index of its first parent in walker.parents */
	uint32_t nparents;
	uint32_t flags;
} node;

typedef vd_vec(uint32_t) idx_vec;

typedef struct {
	vd_git *g;
	vd_vec(node) nodes;
	idx_vec parents;
	uint32_t *table;   /* open addressing: node index + 1, 0 when empty */
	size_t tcap;
	idx_vec heap;
	size_t interesting;   /* queued commits not hidden */
} walker;

struct vd_git_walk {
	char (*ids)[GIT_OID_HEXSZ + 1];
	size_t count;
};

static uint64_t
hash_oid(const git_oid *id)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));   /* SHA-1 bytes are already uniform */
	return h;
}

static void
table_grow(walker *w)
{
	size_t ncap = w->tcap ? w->tcap * 2 : 1024, i;
	uint32_t *t = vd__calloc(ncap, sizeof(uint32_t));

	for (i = 0; i < w->nodes.len; i++) {
		size_t k = hash_oid(&w->nodes.ptr[i].id) & (ncap - 1);

		while (t[k])
			k = (k + 1) & (ncap - 1);
		t[k] = (uint32_t)i + 1;
	}
	vd__free(w->table);
	w->table = t;
	w->tcap = ncap;
}

static uint32_t
node_get(walker *w, const git_oid *id)
{
	size_t k;
	node n;

	if ((w->nodes.len + 1) * 2 > w->tcap)
		table_grow(w);
	k = hash_oid(id) & (w->tcap - 1);
	while (w->table[k]) {
		if (git_oid_equal(&w->nodes.ptr[w->table[k] - 1].id, id))
			return w->table[k] - 1;
		k = (k + 1) & (w->tcap - 1);
	}
	memset(&n, 0, sizeof(n));
	git_oid_cpy(&n.id, id);
	vd_vec_push(&w->nodes, n);
	w->table[k] = (uint32_t)w->nodes.len;
	return (uint32_t)w->nodes.len - 1;
}

/* ---- the queue: newest commit first, then first come first -------------- */

static bool
before(const walker *w, uint32_t a, uint32_t b)
{
	const node *x = &w->nodes.ptr[a], *y = &w->nodes.ptr[b];

	return x->time != y->time ? x->time > y->time : a < b;
}

static void
heap_push(walker *w, uint32_t n)
{
	size_t i;

	vd_vec_push(&w->heap, n);
	i = w->heap.len - 1;
	while (i > 0 && before(w, w->heap.ptr[i], w->heap.ptr[(i - 1) / 2])) {
		uint32_t t = w->heap.ptr[i];

		w->heap.ptr[i] = w->heap.ptr[(i - 1) / 2];
		w->heap.ptr[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
	w->nodes.ptr[n].flags |= F_QUEUED;
	if (!(w->nodes.ptr[n].flags & F_HIDDEN))
		w->interesting++;
}

static uint32_t
heap_pop(walker *w)
{
	uint32_t top = w->heap.ptr[0];
	size_t i = 0, n;

	w->heap.ptr[0] = w->heap.ptr[--w->heap.len];
	n = w->heap.len;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		uint32_t t;

		if (l < n && before(w, w->heap.ptr[l], w->heap.ptr[m]))
			m = l;
		if (r < n && before(w, w->heap.ptr[r], w->heap.ptr[m]))
			m = r;
		if (m == i)
			break;
		t = w->heap.ptr[i];
		w->heap.ptr[i] = w->heap.ptr[m];
		w->heap.ptr[m] = t;
		i = m;
	}
	w->nodes.ptr[top].flags &= ~F_QUEUED;
	if (!(w->nodes.ptr[top].flags & F_HIDDEN))
		w->interesting--;
	return top;
}

/* ---- commits --------------------------------------------------------------- */

/*
 * Read a commit's time and parents.  A hidden commit that is missing is a
 * root: history the repository does not have cannot hide anything else.
 */
static int
parse(walker *w, uint32_t n)
{
	git_commit *c = NULL;
	git_oid id = w->nodes.ptr[n].id;
	unsigned i, np;

	if (git_commit_lookup(&c, w->g->repo, &id) < 0) {
		char hex[GIT_OID_HEXSZ + 1];

		if (w->nodes.ptr[n].flags & F_HIDDEN) {
			w->nodes.ptr[n].flags |= F_MISSING;
			return 0;
		}
		git_oid_tostr(hex, sizeof(hex), &id);
		return vd__error_set(VD_EGIT,
			"commit %s is not in the repository, but the pushed history needs it", hex);
	}
	w->nodes.ptr[n].time = (int64_t)git_commit_time(c);
	np = vd__git_shallow(w->g, &id) ? 0 : git_commit_parentcount(c);
	w->nodes.ptr[n].first = (uint32_t)w->parents.len;
	w->nodes.ptr[n].nparents = np;
	for (i = 0; i < np; i++) {
		uint32_t p = node_get(w, git_commit_parent_id(c, i));

		vd_vec_push(&w->parents, p);
	}
	git_commit_free(c);
	return 0;
}

/* Hide a commit and every ancestor already read. */
static void
hide(walker *w, uint32_t n)
{
	idx_vec stack = VD_VEC_INIT;

	vd_vec_push(&stack, n);
	while (stack.len) {
		node *x = &w->nodes.ptr[stack.ptr[--stack.len]];
		uint32_t i;

		if (x->flags & F_HIDDEN)
			continue;
		x->flags |= F_HIDDEN;
		if (x->flags & F_QUEUED)
			w->interesting--;
		if (!(x->flags & F_SEEN))
			continue;
		for (i = 0; i < x->nparents; i++)
			vd_vec_push(&stack, w->parents.ptr[x->first + i]);
	}
	vd_vec_dispose(&stack);
}

static int
enqueue(walker *w, uint32_t n)
{
	int rc;

	if (w->nodes.ptr[n].flags & F_SEEN)
		return 0;
	w->nodes.ptr[n].flags |= F_SEEN;
	if ((rc = parse(w, n)) < 0)
		return rc;
	heap_push(w, n);
	return 0;
}

int
vd__git_peel_commit(git_oid *out, vd_git *g, const git_oid *id)
{
	git_object *obj = NULL, *peeled = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	if (git_object_lookup(&obj, g->repo, id, GIT_OBJECT_ANY) < 0) {
		git_oid_tostr(hex, sizeof(hex), id);
		return vd__error_set(VD_ENOTFOUND, "object %s is not in the repository", hex);
	}
	rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0)
		return 1;
	git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	return 0;
}

static int
add_tip(walker *w, const git_oid *id, bool hidden)
{
	git_oid c;
	uint32_t n;
	int rc = vd__git_peel_commit(&c, w->g, id);

	if (rc != 0)
		return hidden ? 0 : rc;
	n = node_get(w, &c);
	if (hidden)
		hide(w, n);
	return enqueue(w, n);
}

static int
hide_glob(walker *w, const char *glob)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	int rc;

	if (git_reference_iterator_glob_new(&it, w->g->repo, glob) < 0)
		return vd__error_git(VD_EGIT, glob);
	while ((rc = git_reference_next(&ref, it)) == 0) {
		git_reference *res = NULL;
		int r = 0;

		/* A broken or symbolic-to-nowhere ref hides nothing. */
		if (git_reference_resolve(&res, ref) == 0 && git_reference_target(res))
			r = add_tip(w, git_reference_target(res), true);
		git_reference_free(res);
		git_reference_free(ref);
		if (r < 0) {
			git_reference_iterator_free(it);
			return r;
		}
	}
	git_reference_iterator_free(it);
	return rc == GIT_ITEROVER ? 0 : vd__error_git(VD_EGIT, glob);
}

static void
walker_dispose(walker *w)
{
	vd_vec_dispose(&w->nodes);
	vd_vec_dispose(&w->parents);
	vd_vec_dispose(&w->heap);
	vd__free(w->table);
}

/* limit_list: the new commits, newest first, into `out`. */
static int
limit(walker *w, idx_vec *out)
{
	int slop = SLOP, rc;

	while (w->heap.len) {
		uint32_t n = heap_pop(w), i;
		/* Copies: enqueue() grows the node array. */
		uint32_t first = w->nodes.ptr[n].first, np = w->nodes.ptr[n].nparents;
		bool hidden = w->nodes.ptr[n].flags & F_HIDDEN;

		for (i = 0; i < np; i++) {
			uint32_t p = w->parents.ptr[first + i];

			if (hidden)
				hide(w, p);
			if ((rc = enqueue(w, p)) < 0)
				return rc;
		}
		if (hidden) {
			if (w->interesting > 0)
				slop = SLOP;
			else if (--slop == 0)
				break;
			continue;
		}
		vd_vec_push(out, n);
		if (out->len > VD_GIT_MAX_COMMITS)
			return vd__error_set(VD_ELIMIT,
				"the update brings more than %d commits (VD_GIT_MAX_COMMITS)", VD_GIT_MAX_COMMITS);
	}
	return 0;
}

int
vd_git_walk_new(vd_git_walk **out, vd_git *g, const char *new_id, const char *const *hidden,
	size_t nhidden)
{
	walker w;
	idx_vec found = VD_VEC_INIT;
	vd_git_walk *walk;
	git_oid tip;
	size_t i, k;
	int rc;

	VD_ASSERT_ARG(out && g && new_id);
	*out = NULL;
	if ((rc = vd__git_parse_id(&tip, new_id, "commit")) < 0)
		return rc;
	memset(&w, 0, sizeof(w));
	w.g = g;
	for (i = 0; i < nhidden; i++) {
		git_oid id;

		if (hidden[i] == NULL || !*hidden[i])
			continue;
		if (strlen(hidden[i]) == GIT_OID_HEXSZ && git_oid_fromstr(&id, hidden[i]) == 0)
			rc = vd_git_id_is_zero(hidden[i]) ? 0 : add_tip(&w, &id, true);
		else
			rc = hide_glob(&w, hidden[i]);
		if (rc < 0)
			goto done;
	}
	if ((rc = vd__git_peel_commit(&tip, g, &tip)) < 0)
		goto done;
	walk = vd__calloc(1, sizeof(*walk));
	if (rc == 0) {
		/* A tag of a tree or a blob (rc 1) brings no commits. */
		uint32_t n = node_get(&w, &tip);

		if ((rc = enqueue(&w, n)) < 0 || (rc = limit(&w, &found)) < 0) {
			vd__free(walk);
			goto done;
		}
	}
	rc = 0;
	/* Oldest first, and only what nothing hidden reached after all. */
	walk->ids = vd__calloc(found.len ? found.len : 1, sizeof(*walk->ids));
	for (i = found.len, k = 0; i-- > 0;)
		if (!(w.nodes.ptr[found.ptr[i]].flags & F_HIDDEN))
			git_oid_tostr(walk->ids[k++], GIT_OID_HEXSZ + 1, &w.nodes.ptr[found.ptr[i]].id);
	walk->count = k;
	*out = walk;
done:
	vd_vec_dispose(&found);
	walker_dispose(&w);
	return rc;
}

size_t
vd_git_walk_count(const vd_git_walk *walk)
{
	return walk ? walk->count : 0;
}

const char *
vd_git_walk_id(const vd_git_walk *walk, size_t i)
{
	return walk && i < walk->count ? walk->ids[i] : NULL;
}

void
vd_git_walk_free(vd_git_walk *walk)
{
	if (walk == NULL)
		return;
	vd__free(walk->ids);
	vd__free(walk);
}

/*
 * Ancestry for force-push detection.  libgit2's answer where it can give
 * one; in a shallow clone, a walk down from the descendant that gives up
 * a day (of commit time) past the ancestor's date.
 */
int
vd__git_reaches(vd_git *g, const git_oid *desc, const git_oid *anc)
{
	walker w;
	git_commit *c = NULL;
	int64_t limit_time;
	int rc;

	if (git_oid_equal(desc, anc))
		return 1;
	if (git_repository_is_shallow(g->repo) != 1) {
		rc = git_graph_descendant_of(g->repo, desc, anc);
		if (rc >= 0)
			return rc;
		return vd__error_git(VD_EGIT, "ancestry of the pushed commits");
	}
	if (git_commit_lookup(&c, g->repo, anc) < 0)
		return 0;
	limit_time = (int64_t)git_commit_time(c) - 86400;
	git_commit_free(c);
	memset(&w, 0, sizeof(w));
	w.g = g;
	rc = enqueue(&w, node_get(&w, desc));
	while (rc == 0 && w.heap.len) {
		uint32_t n = heap_pop(&w), i;
		uint32_t first = w.nodes.ptr[n].first, np = w.nodes.ptr[n].nparents;

		if (git_oid_equal(&w.nodes.ptr[n].id, anc)) {
			rc = 1;
			break;
		}
		if (w.nodes.ptr[n].time < limit_time)
			continue;
		for (i = 0; i < np && rc == 0; i++)
			rc = enqueue(&w, w.parents.ptr[first + i]);
	}
	walker_dispose(&w);
	return rc;
}

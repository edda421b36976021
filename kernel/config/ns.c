// SPDX-License-Identifier: GPL-2.0
/*
 * One translator per network namespace: jool/ns/ and the binding of
 * configuration directories to namespaces.
 *
 *   jool/			serves the initial namespace (always)
 *   jool/netns		r   net:[INODE] of the initial namespace
 *   jool/ns/NAME/		made with mkdir; serves nothing until bound
 *   jool/ns/NAME/netns	rw  "self" or a file descriptor number binds it to
 *				the writer's namespace or the fd's; reads
 *				net:[INODE], "unbound" or "gone"
 *   jool/ns/NAME/pool6, stats, bib, session, pool4/, static-bib/,
 *   global/	as in jool/
 *
 * A namespace is served by at most one directory and a directory serves
 * at most one namespace, once.  The directory holds no reference to the
 * namespace: when the namespace goes, pernet exit unbinds the directory
 * (which stays, inert, until removed: configfs cannot remove what the
 * user made) and stops the translator.  Removing a directory unbinds it
 * and leaves the translator as it is (its records are gone by then, since
 * configfs refuses to remove a directory with children): a namespace's
 * translator belongs to the namespace, a directory is a view of it.
 *
 * Locking: jool_bind_mutex, then a directory's lock.  Bindings change
 * under both; readers of @inst->jn hold either.
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "config/attr.h"
#include "config/instance.h"
#include "config/parts.h"
#include "xlat/start.h"

static DEFINE_MUTEX(jool_bind_mutex);

/* ---- binding ---- */

static int jool_inst_bind(struct jool_inst *inst, struct net *net)
{
	struct jool_net *jn = jool_net(net);
	int err = 0;

	mutex_lock(&jool_bind_mutex);
	mutex_lock(&inst->lock);
	if (inst->jn || inst->gone)
		err = -EBUSY;
	else if (jn->inst)
		err = -EEXIST;
	if (!err) {
		inst->jn = jn;
		inst->inum = net->ns.inum;
		jn->inst = inst;
	}
	mutex_unlock(&inst->lock);
	mutex_unlock(&jool_bind_mutex);
	return err;
}

/*
 * The records are the directory's, the published pool the namespace's:
 * pool4_set_detach() takes the directory's records out of it.
 */
static void jool_inst_unbind(struct jool_inst *inst, bool gone)
{
	lockdep_assert_held(&jool_bind_mutex);
	mutex_lock(&inst->lock);
	if (inst->jn) {
		static_bib_detach(&inst->static_bib);
		pool4_set_detach(&inst->pool4, inst->jn);
		inst->jn->inst = NULL;
		inst->jn = NULL;
	}
	inst->gone = gone;
	mutex_unlock(&inst->lock);
	pool4_set_settle(&inst->pool4);
}

/* ---- "netns" ---- */

static ssize_t jool_netns_show(struct config_item *item, char *page)
{
	struct jool_inst *inst = to_jool_inst(item);
	ssize_t len;

	mutex_lock(&inst->lock);
	if (inst->jn)
		len = sysfs_emit(page, "net:[%u]\n", inst->inum);
	else
		len = sysfs_emit(page, "%s\n", inst->gone ? "gone" : "unbound");
	mutex_unlock(&inst->lock);
	return len;
}

/*
 * "self", or the decimal number of one of the writer's file descriptors,
 * in the grammar of config/attr.h.
 */
static struct net *jool_netns_parse(const char *page, size_t count)
{
	u32 fd;
	int err;

	if (attr_trim(page, count) == 4 && !memcmp(page, "self", 4))
		return get_net(current->nsproxy->net_ns);
	err = attr_parse_u32(page, count, &fd);
	if (err)
		return ERR_PTR(err);
	return fd > INT_MAX ? ERR_PTR(-EBADF) : get_net_ns_by_fd(fd);
}

/*
 * Binding to another namespace than one's own is a cross-namespace write:
 * CAP_NET_ADMIN in the initial user namespace, as for every other.
 */
static ssize_t jool_netns_store(struct config_item *item, const char *page,
				size_t count)
{
	struct net *net = jool_netns_parse(page, count);
	int err = 0;

	if (IS_ERR(net))
		return PTR_ERR(net);
	if (!jool_may_write(net))
		err = -EPERM;
	if (!err)
		err = jool_inst_bind(to_jool_inst(item), net);
	put_net(net);
	return err ?: count;
}

/* The root's is read-only: it serves the initial namespace for good. */
struct configfs_attribute jool_attr_root_netns = {
	.ca_name	= "netns",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0444,
	.show		= jool_netns_show,
};

static struct configfs_attribute jool_attr_ns_netns = {
	.ca_name	= "netns",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0644,
	.show		= jool_netns_show,
	.store		= jool_netns_store,
};

/* ---- jool/ns/NAME/ ---- */

static struct configfs_attribute *jool_ns_dir_attrs[] = {
	&jool_attr_ns_netns,
	&jool_attr_pool6,
	&jool_attr_stats,
	NULL,
};

static struct configfs_bin_attribute *jool_ns_dir_bin_attrs[] = {
	&jool_attr_bib,
	&jool_attr_session,
	NULL,
};

static void jool_ns_dir_release(struct config_item *item)
{
	kfree(to_jool_inst(item));
}

static struct configfs_item_operations jool_ns_dir_ops = {
	.release	= jool_ns_dir_release,
};

static const struct config_item_type jool_ns_dir_type = {
	.ct_item_ops	= &jool_ns_dir_ops,
	.ct_attrs	= jool_ns_dir_attrs,
	.ct_bin_attrs	= jool_ns_dir_bin_attrs,
	.ct_owner	= THIS_MODULE,
};

void jool_inst_init(struct jool_inst *inst)
{
	mutex_init(&inst->lock);
	pool4_set_init(&inst->pool4, inst);
	pool4_group_init(&inst->pool4, &inst->cfs.su_group);
	static_bib_group_init(&inst->static_bib, inst);
	global_group_init(&inst->global, &inst->cfs.su_group);
}

/*
 * Anybody who may configure its own namespace may make a directory (the
 * file modes already require root's uid); it serves nothing until bound.
 */
static struct config_group *jool_ns_make(struct config_group *group,
					 const char *name)
{
	struct jool_inst *inst;

	if (!ns_capable(current->nsproxy->net_ns->user_ns, CAP_NET_ADMIN))
		return ERR_PTR(-EPERM);
	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	config_group_init_type_name(&inst->cfs.su_group, name,
				    &jool_ns_dir_type);
	jool_inst_init(inst);
	return &inst->cfs.su_group;
}

static void jool_ns_drop(struct config_group *group, struct config_item *item)
{
	struct jool_inst *inst = to_jool_inst(item);

	mutex_lock(&jool_bind_mutex);
	jool_inst_unbind(inst, inst->gone);
	mutex_unlock(&jool_bind_mutex);
	config_item_put(item);
}

static struct configfs_group_operations jool_ns_group_ops = {
	.make_group	= jool_ns_make,
	.drop_item	= jool_ns_drop,
};

static const struct config_item_type jool_ns_group_type = {
	.ct_group_ops	= &jool_ns_group_ops,
	.ct_owner	= THIS_MODULE,
};

static struct config_group jool_ns_group;

struct config_group *jool_ns_group_init(void)
{
	config_group_init_type_name(&jool_ns_group, "ns", &jool_ns_group_type);
	return &jool_ns_group;
}

/* ---- pernet ---- */

static int __net_init jool_net_init_ops(struct net *net)
{
	jool_net_init(jool_net(net), net);
	return 0;
}

/*
 * The namespace goes (or the module: then the configuration tree is
 * already gone).  Its directory becomes inert before the translator
 * stops, so that no configuration write reaches it meanwhile.
 */
static void __net_exit jool_net_exit_ops(struct net *net)
{
	struct jool_net *jn = jool_net(net);

	mutex_lock(&jool_bind_mutex);
	if (jn->inst)
		jool_inst_unbind(jn->inst, true);
	mutex_unlock(&jool_bind_mutex);
	jool_proc_remove(jn);
	jool_net_stop(jn);
}

static struct pernet_operations jool_net_ops = {
	.init	= jool_net_init_ops,
	.exit	= jool_net_exit_ops,
	.id	= &jool_net_id,
	.size	= sizeof(struct jool_net),
};

/* Every namespace gets its idle translator; @root serves the initial one. */
int jool_ns_init(struct jool_inst *root)
{
	int err = register_pernet_subsys(&jool_net_ops);

	if (err)
		return err;
	err = jool_inst_bind(root, &init_net);
	if (err)
		unregister_pernet_subsys(&jool_net_ops);
	return err;
}

/* After the configuration tree is gone: stops every translator. */
void jool_ns_exit(void)
{
	unregister_pernet_subsys(&jool_net_ops);
}

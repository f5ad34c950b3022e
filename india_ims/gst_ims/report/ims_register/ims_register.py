from india_ims.ims.returns.reports import register


def execute(filters=None):
    return register(filters)

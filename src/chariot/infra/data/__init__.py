"""The data tier's parts, one concern per module: tables, security groups, the graph, the cache,
the service identities and backup.

Each part adds its resources to the scope it is given (the data stack, or a service stack)
rather than to a construct of its own, so the construct paths, and with them the CloudFormation
logical ids, are those the resources have always had: a new path level would replace every
table and cluster on the next deploy.
"""

"""The edge's parts, one concern per module; `chariot.infra.stacks.edge` wires them together.

Each part builds into the stack it is given instead of a construct of its own: a new level in
the construct path would change every logical ID below it, and CloudFormation would replace
the NLB, the user pool and the APIs of a deployed environment.
"""

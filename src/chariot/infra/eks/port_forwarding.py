"""The way in to a private-only API endpoint: Session Manager port forwarding through a node.

Nodes already run the SSM agent with `AmazonSSMManagedInstanceCore` (no SSH anywhere), and the
cluster security group they carry reaches the API server on 443. An admin with this policy runs

    aws ssm start-session --target <node instance id> \\
      --document-name AWS-StartPortForwardingSessionToRemoteHost \\
      --parameters host=<endpoint host>,portNumber=443,localPortNumber=8443

and points kubectl at https://localhost:8443 (tls-server-name = the endpoint host). The policy
allows only that document, only on instances of this cluster (managed node groups tag
`eks:cluster-name`, Karpenter `eks:eks-cluster-name`), and only the caller's own sessions
(https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-specify-session-document.html).
"""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.nag import wildcard_findings

DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost"
# The tag each kind of node carries with the cluster's name.
NODE_TAGS = ("eks:cluster-name", "eks:eks-cluster-name")


class PortForwarding(Construct):
    """A managed policy for `cluster.admins` to attach: port forwarding to the endpoint only."""

    def __init__(self, scope: Construct, id: str, *, cluster_name: str) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        instances = stack.format_arn(service="ec2", resource="instance", resource_name="*")
        statements = [
            iam.PolicyStatement(
                sid=f"NodesTagged{index}",
                actions=["ssm:StartSession"],
                resources=[instances],
                conditions={"StringEquals": {f"ssm:resourceTag/{tag}": cluster_name}},
            )
            for index, tag in enumerate(NODE_TAGS)
        ]
        statements += [
            iam.PolicyStatement(
                sid="PortForwardingDocumentOnly",
                actions=["ssm:StartSession"],
                resources=[f"arn:{stack.partition}:ssm:{stack.region}::document/{DOCUMENT}"],
                conditions={"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}},
            ),
            iam.PolicyStatement(
                sid="OwnSessions",
                actions=["ssm:TerminateSession", "ssm:ResumeSession"],
                resources=[
                    stack.format_arn(
                        service="ssm", resource="session", resource_name="${aws:userid}-*"
                    )
                ],
            ),
        ]
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            managed_policy_name=f"{cluster_name}-endpoint-port-forwarding",
            description=f"Port forwarding to the private API endpoint of {cluster_name} (SSM)",
            statements=statements,
        )
        acknowledge(
            self.policy,
            wildcard_findings(
                stack,
                statements,
                "Nodes are launched at run time (instance/*) and each such statement is bound to "
                "this cluster's node tag; sessions are only the caller's own (aws:userid-*).",
            ),
        )
        CfnOutput(
            self,
            "PolicyArn",
            value=self.policy.managed_policy_arn,
            description="Attach to cluster admins: SSM port forwarding to the private endpoint",
        )

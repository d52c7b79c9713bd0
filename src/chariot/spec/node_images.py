"""The Amazon Linux 2023 EKS node image release Karpenter launches, pinned.

`al2023@latest` would replace every node on each AMI release; Karpenter recommends pinning a
dated release and moving environments to a newer one in stages
(https://karpenter.sh/docs/tasks/managing-amis/). Releases are listed at
https://github.com/awslabs/amazon-eks-ami/releases (tags vYYYYMMDD); v20260903 is a release of
2026-09-03 (https://github.com/awslabs/amazon-eks-ami/releases/tag/v20260903: AL2023 images for
Kubernetes 1.33-1.36, checked 2026-12-01), chosen as one that has been out long enough to be
proven in other clusters. A spec may pin its own (`cluster.karpenter.ami_alias`), e.g. dev
ahead of prod.
"""

from __future__ import annotations

AL2023_RELEASE = "v20260903"
AL2023_ALIAS = f"al2023@{AL2023_RELEASE}"

"""Runs scim2-tester (a third-party SCIM 2.0 conformance suite, PyPI) against
`orgadm serve`: tests/cli/scim.rs starts the server and reads what this
prints, one line per check that did not pass: STATUS<TAB>check<TAB>reason,
then `total N`.

Usage: python scim_conformance.py BASE_URL TOKEN
"""

import sys
import uuid

import scim2_tester.checkers.patch_add as patch_add
import scim2_tester.checkers.patch_replace as patch_replace
import scim2_tester.filling as filling
from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

# RFC 7643 leaves the form of userName to the service provider, and the
# tester says it cannot guess it: it sends a random UUID. orgadm's userName
# is the email (SPEC 12), which is also what Okta and Entra ID send, so the
# generated userNames are email addresses. Every other value is the tester's.
_generate = filling.generate_random_value


def generate(context, path, mutability=None, required=None):
    value = _generate(context, path, mutability, required)
    if value is not None and str(path).endswith("userName"):
        return f"{uuid.uuid4()}@{uuid.uuid4()}.example.com"
    return value


for module in (filling, patch_add, patch_replace):
    module.generate_random_value = generate

base, token = sys.argv[1], sys.argv[2]
client = SyncSCIMClient(
    Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
)
results = check_server(client)
for r in results:
    if r.status not in (Status.SUCCESS, Status.SKIPPED):
        reason = " ".join(str(r.reason).split())
        print(f"{r.status.name}\t{r.title}\t{reason}")
print(f"total {len(results)}")

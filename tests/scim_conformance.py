"""Runs scim2-tester (a third-party SCIM 2.0 conformance suite, PyPI) against
`orgadm serve`: tests/cli/scim.rs starts the server and reads what this
prints, one line per check that did not pass: STATUS<TAB>check<TAB>reason,
then `total N`.

Usage: python scim_conformance.py BASE_URL TOKEN
"""

import sys
from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

# The tester's own values throughout, userName included: it sends random
# UUIDs, which orgadm keeps as sent (SPEC 12: a login name need not be an
# address); each person's email comes from the `emails` the tester fills in.

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

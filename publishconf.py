"""Settings for publishing: absolute URLs for feeds and pages, and the deployment target."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("DIGEST_SITEURL", "https://digest.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# Where `invoke publish` deploys: a directory (local path, or user@host:path for rsync) or
# a gh-pages branch: {"type": "gh-pages", "repo": "git@host:org/site.git", "branch": "gh-pages"}
DIGEST_PUBLISH = {
    "type": os.environ.get("DIGEST_PUBLISH_TYPE", "directory"),
    "path": os.environ.get("DIGEST_PUBLISH_PATH", "/var/www/digest"),
    "repo": os.environ.get("DIGEST_PUBLISH_REPO", ""),
    "branch": os.environ.get("DIGEST_PUBLISH_BRANCH", "gh-pages"),
}

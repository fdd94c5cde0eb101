"""Prints the CloudFormation template that the SAM transform makes of a SAM
template, as JSON, with AWS's own translator (samtranslator, which cfn-lint
and the SAM CLI use). Each function's CodeUri is first set to an S3 URI, as
sam package sets it; nothing is read from or sent to AWS.

Usage: python3 sam_transform.py template.yaml
"""

import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class BasicExecutionRoleOnly:
    """The managed policies the template names: only SAM's default one."""

    def load(self):
        return {"AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}


def main(path):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/key"
    json.dump(transform(template, {}, BasicExecutionRoleOnly()), sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1])

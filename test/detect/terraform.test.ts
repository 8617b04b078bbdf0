import { describe, expect, it } from 'vitest';
import { parseHcl, portExposure, terraformDetector } from '../../source/detect/detectors/terraform.js';
import { runDetector } from '../helpers/detector-harness.js';

const lb = `# load balancer: web only
resource "aws_security_group" "lb" {
  name = "lb"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] // public HTTPS
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = {
    Name = "lb"
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`;

describe('terraform detector', () => {
  it('passes web-only ingress and a bucket with a public access block, noting the web rule', async () => {
    const s = await runDetector(terraformDetector, { 'infra/main.tf': lb });
    const sig = s.get('iac.public-exposure');
    expect(sig?.status).toBe('pass');
    expect(sig?.details).toMatchObject({ web_only: 1, exposures: 0, buckets_without_public_access_block: 0 });
    expect(sig?.evidence[0]).toMatchObject({ line: 4 });
  });

  it('fails SSH open to the world, a public-read bucket and a disabled access block', async () => {
    const tf = `resource "aws_security_group_rule" "ssh" {
  type        = "ingress"
  from_port   = 22
  to_port     = 22
  protocol    = "tcp"
  cidr_blocks = [
    "10.0.0.0/8",
    "0.0.0.0/0",
  ]
  security_group_id = aws_security_group.x.id
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  acl    = "public-read"
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket            = aws_s3_bucket.logs.id
  block_public_acls = false
}
`;
    const s = await runDetector(terraformDetector, { 'main.tf': tf });
    const sig = s.get('iac.public-exposure');
    expect(sig?.status).toBe('fail');
    expect(sig?.evidence.map((e) => e.line)).toEqual([1, 14, 18]);
  });

  it('fails GCP firewall without ports, GCS allUsers and an Azure NSG rule on 3389', async () => {
    const tf = `resource "google_compute_firewall" "all" {
  name          = "all"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
  }
}
resource "google_storage_bucket_iam_member" "pub" {
  bucket = "b"
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
resource "azurerm_network_security_group" "nsg" {
  security_rule {
    name                       = "rdp"
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_address_prefix      = "*"
    destination_port_range     = "3389"
  }
}
`;
    const s = await runDetector(terraformDetector, { 'gcp.tf': tf });
    expect(s.get('iac.public-exposure')?.details).toMatchObject({ exposures: 3 });
  });

  it('is unknown for ports from variables, not applicable without .tf, ignores heredoc policies and fixtures', async () => {
    const tf = `resource "aws_security_group" "x" {\n  ingress {\n    from_port = var.port\n    to_port = var.port\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`;
    expect((await runDetector(terraformDetector, { 'a.tf': tf })).get('iac.public-exposure')?.status).toBe('unknown');
    expect((await runDetector(terraformDetector, { 'test/fixtures/x/a.tf': tf, 'README.md': '' })).get('iac.public-exposure')?.status).toBe('not_applicable');
    const pol = `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{ "Statement": [ { "Effect": "Allow", "Resource": "*" } ] }\nEOF\n}\nresource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n`;
    const s = await runDetector(terraformDetector, { 'db.tf': pol });
    expect(s.get('iac.public-exposure')?.evidence[0]).toMatchObject({ line: 7 });
  });

  it("does not judge a module's examples or tests as this repository's infrastructure", async () => {
    const ssh = 'resource "aws_security_group_rule" "ssh" {\n  type = "ingress"\n  from_port = 22\n  to_port = 22\n  protocol = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n';
    const onlyExamples = (await runDetector(terraformDetector, { 'examples/complete/main.tf': ssh, 'test/integration/main.tf': ssh })).get('iac.public-exposure');
    expect(onlyExamples?.status).toBe('not_applicable');
    expect(onlyExamples?.summary).toBe("Terraform only in examples or tests (2 files): not this repository's infrastructure");
    // The module itself is judged.
    expect((await runDetector(terraformDetector, { 'main.tf': ssh, 'examples/complete/main.tf': lb })).get('iac.public-exposure')?.status).toBe('fail');
  });

  it('notes buckets without a public access block but does not fail them', async () => {
    const s = await runDetector(terraformDetector, { 'a.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    expect(s.get('iac.public-exposure')).toMatchObject({ status: 'pass', details: { buckets_without_public_access_block: 1 } });
  });

  it('parses nested blocks, one-line blocks, jsonencode and comments', () => {
    const root = parseHcl(`resource "a" "b" {\n  /* x = 1\n  */\n  policy = jsonencode({\n    a = { b = "}" }\n  })\n  ingress { from_port = 22 }\n  y = "#not a comment"\n}\n`);
    const r = root.children[0];
    expect(r?.labels).toEqual(['a', 'b']);
    expect([...(r?.attrs.keys() ?? [])]).toEqual(['policy', 'y']);
    expect(r?.attrs.get('y')?.value).toBe('"#not a comment"');
    expect(r?.children[0]?.attrs.get('from_port')?.value).toBe('22');
  });

  it('classifies port ranges', () => {
    expect(portExposure('80', '80', '"tcp"')).toBe('web');
    expect(portExposure('80', '443', '"tcp"')).toBe('other');
    expect(portExposure('0', '0', '"-1"')).toBe('all');
    expect(portExposure('0', '65535', '"tcp"')).toBe('all');
  });
});

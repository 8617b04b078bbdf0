import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { capEvidence, evidenceOf, excerptAt, plural } from './infra-helpers.js';
import { isDeployedConfigPath, isFixturePath } from '../path-role.js';

/**
 * Terraform network and storage exposure: security groups and firewall rules open
 * to the whole internet on non-web ports, and publicly readable buckets. HCL is read
 * with a small brace-aware block reader (enough for resource/attribute structure);
 * values that are variables or expressions are "cannot tell", never a guess.
 */

export interface HclAttr {
  value: string;
  line: number;
}
export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attrs: Map<string, HclAttr>;
  children: HclBlock[];
}

/** Bracket depth change of a line, ignoring anything inside strings. */
function depthDelta(s: string): number {
  let d = 0;
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === '"') q = false;
    } else if (c === '"') q = true;
    else if (c === '{' || c === '[' || c === '(') d++;
    else if (c === '}' || c === ']' || c === ')') d--;
  }
  return d;
}

/** Remove `#`, `//` and `/* *\/` comments outside strings; `state.inBlock` carries across lines. */
function stripComments(line: string, state: { inBlock: boolean }): string {
  // Kept text is collected as slices, not character by character: a 2 MB line built
  // with `out += c` is a million-node string that the garbage collector then chews on.
  let out = '';
  let from = -1;
  let q = false;
  const keep = (i: number) => {
    if (from < 0) from = i;
  };
  const flush = (to: number) => {
    if (from >= 0) out += line.slice(from, to);
    from = -1;
  };
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i] as string;
    if (state.inBlock) {
      if (c === '*' && line[i + 1] === '/') {
        state.inBlock = false;
        i++;
      }
      continue;
    }
    if (q) {
      keep(i);
      if (c === '\\') i++;
      else if (c === '"') q = false;
      continue;
    }
    if (c === '"') q = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    else if (c === '/' && line[i + 1] === '*') {
      flush(i);
      state.inBlock = true;
      i++;
      continue;
    }
    keep(i);
  }
  flush(Math.min(i, line.length));
  return out;
}

export function parseHcl(text: string): HclBlock {
  const root: HclBlock = { type: '', labels: [], line: 0, attrs: new Map(), children: [] };
  const stack: HclBlock[] = [root];
  const lines = text.split(/\r?\n/);
  const state = { inBlock: false };
  for (let i = 0; i < lines.length; i++) {
    const line = stripComments(lines[i] ?? '', state).trim();
    if (line === '') continue;
    const top = stack[stack.length - 1] as HclBlock;
    if (/^\}/.test(line)) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const open = /^([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{\s*(.*?)\s*(\}?)\s*$/.exec(line);
    if (open) {
      const m = open;
      const block: HclBlock = {
        type: m[1] as string,
        labels: [...(m[2] ?? '').matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map((x) => x[1] ?? x[2] ?? ''),
        line: i + 1,
        attrs: new Map(),
        children: [],
      };
      top.children.push(block);
      const inner = m[3] ?? '';
      if (m[4] === '}') {
        // One-line block: `ingress { from_port = 22 }`.
        for (const a of inner.matchAll(/([\w-]+)\s*=\s*("[^"]*"|\[[^\]]*\]|[^,\s}]+)/g)) block.attrs.set(a[1] as string, { value: a[2] as string, line: i + 1 });
      } else stack.push(block);
      continue;
    }
    const attr = /^([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (attr) {
      let value = attr[2] ?? '';
      const start = i + 1;
      const heredoc = /^<<-?\s*([A-Za-z_]\w*)\s*$/.exec(value);
      if (heredoc) {
        const body: string[] = [];
        while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== heredoc[1]) body.push(lines[++i] ?? '');
        i++;
        value = body.join('\n');
      } else {
        let depth = depthDelta(value);
        while (depth > 0 && i + 1 < lines.length) {
          const next = stripComments(lines[++i] ?? '', state);
          value += `\n${next}`;
          depth += depthDelta(next);
        }
      }
      top.attrs.set(attr[1] as string, { value: value.trim(), line: start });
    }
  }
  return root;
}

// ---------------------------------------------------------------- checks

const WORLD = /"0\.0\.0\.0\/0"|"::\/0"/;
const WEB_PORTS = new Set([80, 443]);

function unquote(v: string | undefined): string | undefined {
  return v === undefined ? undefined : v.trim().replace(/^"(.*)"$/s, '$1');
}

type Exposure = 'all' | 'web' | 'other' | 'unknown';

/** What a rule open to the world exposes, from its port range and protocol. */
export function portExposure(from: string | undefined, to: string | undefined, protocol: string | undefined): Exposure {
  const p = (unquote(protocol) ?? 'tcp').toLowerCase();
  if (p === '-1' || p === 'all' || p === '*') return 'all';
  const f = unquote(from);
  const t = unquote(to) ?? f;
  if (f === undefined || !/^\d+$/.test(f) || t === undefined || !/^\d+$/.test(t)) return 'unknown';
  const a = Number(f);
  const b = Number(t);
  if (a === 0 && b === 0) return p === 'icmp' || p === 'icmpv6' ? 'other' : 'all';
  if (a === 0 && b >= 65535) return 'all';
  if (a === b && WEB_PORTS.has(a)) return 'web';
  return 'other';
}

/** Port strings like "22", "1000-2000" or "*" (GCP/Azure). */
function portListExposure(ports: string[]): Exposure {
  if (ports.length === 0) return 'all';
  let worst: Exposure = 'web';
  for (const raw of ports) {
    const p = raw.trim();
    if (p === '*' || p === '0-65535' || p === '1-65535') return 'all';
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) {
      worst = 'unknown';
      continue;
    }
    const e = portExposure(m[1], m[2] ?? m[1], 'tcp');
    if (e === 'other' || e === 'all') return e;
  }
  return worst;
}

function quotedList(v: string | undefined): string[] {
  if (v === undefined) return [];
  return [...v.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
}

interface Hit {
  line: number;
  severity: 'fail' | 'web' | 'unknown' | 'note';
  message: string;
}

function ruleHit(line: number, exposure: Exposure, what: string): Hit {
  switch (exposure) {
    case 'all':
      return { line, severity: 'fail', message: `${what}: all ports open to 0.0.0.0/0` };
    case 'other':
      return { line, severity: 'fail', message: `${what}: non-web port open to 0.0.0.0/0` };
    case 'web':
      return { line, severity: 'web', message: `${what}: port 80/443 open to the internet (normal for a load balancer)` };
    case 'unknown':
      return { line, severity: 'unknown', message: `${what}: open to 0.0.0.0/0 on ports set by an expression` };
  }
}

const isTrue = (a: HclAttr | undefined) => a !== undefined && /^true$/i.test(a.value.trim());
const isFalse = (a: HclAttr | undefined) => a !== undefined && /^false$/i.test(a.value.trim());
const PAB_FIELDS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Exposure facts of one resource block. */
export function checkResource(type: string, b: HclBlock): Hit[] {
  const hits: Hit[] = [];
  const attr = (k: string) => b.attrs.get(k);
  const worldIn = (blk: HclBlock, keys: string[]) => keys.some((k) => WORLD.test(blk.attrs.get(k)?.value ?? ''));
  switch (type) {
    case 'aws_security_group': {
      const ingress = b.children.flatMap((c) => (c.type === 'ingress' ? [c] : c.type === 'dynamic' && c.labels[0] === 'ingress' ? c.children.filter((x) => x.type === 'content') : []));
      for (const r of ingress) {
        if (!worldIn(r, ['cidr_blocks', 'ipv6_cidr_blocks'])) continue;
        hits.push(ruleHit(r.line, portExposure(r.attrs.get('from_port')?.value, r.attrs.get('to_port')?.value, r.attrs.get('protocol')?.value), 'ingress'));
      }
      break;
    }
    case 'aws_security_group_rule':
      if (unquote(attr('type')?.value) === 'ingress' && worldIn(b, ['cidr_blocks', 'ipv6_cidr_blocks'])) {
        hits.push(ruleHit(b.line, portExposure(attr('from_port')?.value, attr('to_port')?.value, attr('protocol')?.value), 'ingress rule'));
      }
      break;
    case 'aws_vpc_security_group_ingress_rule':
      if (worldIn(b, ['cidr_ipv4', 'cidr_ipv6'])) {
        hits.push(ruleHit(b.line, portExposure(attr('from_port')?.value, attr('to_port')?.value, attr('ip_protocol')?.value), 'ingress rule'));
      }
      break;
    case 'google_compute_firewall': {
      const dir = unquote(attr('direction')?.value)?.toUpperCase() ?? 'INGRESS';
      if (dir !== 'INGRESS' || !worldIn(b, ['source_ranges'])) break;
      for (const a of b.children.filter((c) => c.type === 'allow')) {
        const proto = unquote(a.attrs.get('protocol')?.value) ?? 'all';
        const ports = a.attrs.get('ports');
        const exp: Exposure = proto === 'all' ? 'all' : ports === undefined ? (proto === 'icmp' ? 'other' : 'all') : /\$\{|var\.|local\./.test(ports.value) ? 'unknown' : portListExposure(quotedList(ports.value));
        hits.push(ruleHit(a.line, exp, 'firewall allow'));
      }
      break;
    }
    case 'azurerm_network_security_group':
    case 'azurerm_network_security_rule': {
      const rules = type === 'azurerm_network_security_rule' ? [b] : b.children.filter((c) => c.type === 'security_rule');
      for (const r of rules) {
        const v = (k: string) => unquote(r.attrs.get(k)?.value)?.toLowerCase();
        const src = [v('source_address_prefix'), ...quotedList(r.attrs.get('source_address_prefixes')?.value).map((x) => x.toLowerCase())];
        if (v('direction') !== 'inbound' || v('access') !== 'allow' || !src.some((s) => s === '*' || s === '0.0.0.0/0' || s === 'internet' || s === 'any')) continue;
        const ports = r.attrs.has('destination_port_range') ? [unquote(r.attrs.get('destination_port_range')?.value) ?? '*'] : quotedList(r.attrs.get('destination_port_ranges')?.value);
        hits.push(ruleHit(r.line, portListExposure(ports), 'inbound rule from the internet'));
      }
      break;
    }
    case 'aws_s3_bucket':
    case 'aws_s3_bucket_acl': {
      const acl = unquote(attr('acl')?.value);
      if (acl && /^(?:public-read|public-read-write|authenticated-read)$/.test(acl)) hits.push({ line: attr('acl')?.line ?? b.line, severity: 'fail', message: `bucket ACL ${acl}` });
      break;
    }
    case 'aws_s3_bucket_public_access_block':
    case 'aws_s3_account_public_access_block': {
      const off = PAB_FIELDS.filter((k) => isFalse(attr(k)));
      if (off.length) hits.push({ line: attr(off[0] as string)?.line ?? b.line, severity: 'fail', message: `public access block disabled: ${off.join(', ')} = false` });
      break;
    }
    case 'aws_s3_bucket_policy': {
      const pol = attr('policy')?.value ?? '';
      const star = /"?Principal"?\s*[:=]\s*"\*"|"?AWS"?\s*[:=]\s*"\*"|Principal"?\s*[:=]\s*\{\s*"?AWS"?\s*[:=]\s*\[?\s*"\*"/.test(pol);
      if (star && !/Condition/.test(pol)) hits.push({ line: attr('policy')?.line ?? b.line, severity: 'fail', message: 'bucket policy grants Principal "*" without a condition' });
      break;
    }
    case 'google_storage_bucket_iam_member':
    case 'google_storage_bucket_iam_binding': {
      const m = attr('member') ?? attr('members');
      if (m && /allUsers|allAuthenticatedUsers/.test(m.value)) hits.push({ line: m.line, severity: 'fail', message: 'bucket IAM grants allUsers/allAuthenticatedUsers' });
      break;
    }
    case 'google_storage_bucket_access_control':
    case 'google_storage_default_object_access_control':
    case 'google_storage_object_access_control': {
      const e = attr('entity');
      if (e && /allUsers|allAuthenticatedUsers/.test(e.value)) hits.push({ line: e.line, severity: 'fail', message: `ACL entity ${unquote(e.value) ?? ''}` });
      break;
    }
    case 'google_storage_bucket_acl': {
      const p = attr('predefined_acl');
      if (p && /publicRead/i.test(p.value)) hits.push({ line: p.line, severity: 'fail', message: `predefined ACL ${unquote(p.value) ?? ''}` });
      break;
    }
    case 'azurerm_storage_account':
      for (const k of ['allow_nested_items_to_be_public', 'allow_blob_public_access']) {
        if (isTrue(attr(k))) hits.push({ line: attr(k)?.line ?? b.line, severity: 'fail', message: `${k} = true` });
      }
      break;
    case 'azurerm_storage_container': {
      const t = attr('container_access_type');
      if (t && /^"(?:blob|container)"$/.test(t.value.trim())) hits.push({ line: t.line, severity: 'fail', message: `container_access_type ${unquote(t.value) ?? ''} (anonymous read)` });
      break;
    }
    case 'aws_db_instance':
    case 'aws_rds_cluster_instance':
      if (isTrue(attr('publicly_accessible'))) hits.push({ line: attr('publicly_accessible')?.line ?? b.line, severity: 'fail', message: 'database publicly_accessible = true' });
      break;
  }
  return hits;
}

const CHECKED = /^(?:aws_security_group(?:_rule)?|aws_vpc_security_group_ingress_rule|google_compute_firewall|azurerm_network_security_(?:group|rule)|aws_s3_bucket(?:_acl|_policy|_public_access_block)?|aws_s3_account_public_access_block|google_storage_bucket(?:_iam_member|_iam_binding|_access_control|_acl)?|google_storage_(?:default_)?object_access_control|azurerm_storage_(?:account|container)|aws_db_instance|aws_rds_cluster_instance)$/;

/** Community security-group modules take CIDRs and named rules instead of blocks. */
function checkModule(b: HclBlock): Hit[] {
  const worldAttrs = [...b.attrs.entries()].filter(([k, a]) => /cidr/i.test(k) && WORLD.test(a.value));
  if (worldAttrs.length === 0) return [];
  const rules = [...b.attrs.entries()].filter(([k]) => /ingress/i.test(k) && !/cidr_blocks$/.test(k)).map(([, a]) => a.value).join('\n');
  const line = worldAttrs[0]?.[1].line ?? b.line;
  if (/ssh|rdp|all-all|"-1"|\b22\b|\b3389\b|mysql|postgres|redis|mongodb|all-tcp/i.test(rules)) return [{ line, severity: 'fail', message: `module "${b.labels[0] ?? ''}": non-web ingress open to 0.0.0.0/0` }];
  if (rules && !/ssh|rdp|all|\d/.test(rules.replace(/https?-(?:80|443|8080)-tcp/g, ''))) return [{ line, severity: 'web', message: `module "${b.labels[0] ?? ''}": web ingress open to the internet` }];
  return [{ line, severity: 'unknown', message: `module "${b.labels[0] ?? ''}": passes 0.0.0.0/0 to a module; ports not visible` }];
}

export function collectTerraform(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  const out: Finding[] = [{ kind: 'tf-file', path }];
  const root = parseHcl(text);
  const buckets: { name: string; line: number }[] = [];
  const pabs = new Set<string>();
  for (const b of root.children) {
    if (b.type === 'module') {
      for (const h of checkModule(b)) out.push({ kind: 'exposure', path, line: h.line, excerpt: excerptAt(text, h.line), data: { severity: h.severity, message: h.message, resource: `module.${b.labels[0] ?? ''}` } });
      continue;
    }
    if (b.type !== 'resource') continue;
    const [type = '', name = ''] = b.labels;
    if (!CHECKED.test(type)) continue;
    const resource = `${type}.${name}`;
    out.push({ kind: 'checked', path, line: b.line, excerpt: excerptAt(text, b.line), data: { resource } });
    if (type === 'aws_s3_bucket') buckets.push({ name, line: b.line });
    if (type === 'aws_s3_bucket_public_access_block') {
      const ref = /aws_s3_bucket\.([\w-]+)/.exec(b.attrs.get('bucket')?.value ?? '');
      if (ref?.[1]) pabs.add(ref[1]);
    }
    if (type === 'aws_s3_account_public_access_block') pabs.add('*');
    for (const h of checkResource(type, b)) out.push({ kind: 'exposure', path, line: h.line, excerpt: excerptAt(text, h.line), data: { severity: h.severity, message: h.message, resource } });
  }
  // Since April 2023 AWS blocks public access on new buckets by default, so a bucket
  // without a public access block is not public by itself: say so, don't fail it.
  for (const bk of buckets) {
    out.push({ kind: 'bucket', path, line: bk.line, excerpt: excerptAt(text, bk.line), data: { name: bk.name, pab: pabs.has(bk.name) || pabs.has('*') } });
  }
  return out;
}

function evaluate(input: EvaluateInput): Signal {
  const id = 'iac.public-exposure';
  const f = input.findings.filter((x) => isDeployedConfigPath(x.path));
  const files = [...new Set(f.filter((x) => x.kind === 'tf-file').map((x) => x.path))];
  if (files.length === 0) {
    const elsewhere = new Set(input.findings.filter((x) => x.kind === 'tf-file' && !isFixturePath(x.path)).map((x) => x.path)).size;
    const summary = elsewhere > 0 ? `Terraform only in examples or tests (${plural(elsewhere, 'file')}): not this repository's infrastructure` : 'no Terraform files';
    return { id, status: 'not_applicable', summary, confidence: 'high', evidence: [] };
  }
  const exp = f.filter((x) => x.kind === 'exposure');
  const sev = (s: string) => exp.filter((x) => x.data?.['severity'] === s);
  const ev = (x: Finding) => evidenceOf(input, x, `${String(x.data?.['resource'])}: ${String(x.data?.['message'])}`);
  // Buckets in one file may get their public access block in another.
  const allPab = new Set(f.filter((x) => x.kind === 'bucket' && x.data?.['pab'] === true).map((x) => String(x.data?.['name'])));
  const noPab = f.filter((x) => x.kind === 'bucket' && x.data?.['pab'] !== true && !allPab.has(String(x.data?.['name'])));
  const notes: Evidence[] = [
    ...sev('web').map(ev),
    ...noPab.map((x) => evidenceOf(input, x, `aws_s3_bucket.${String(x.data?.['name'])}: no public access block declared (AWS default blocks public access since 2023; declare it to make it explicit)`)),
  ];
  const checked = f.filter((x) => x.kind === 'checked');
  const details = { tf_files: files.length, resources_checked: checked.length, exposures: sev('fail').length, web_only: sev('web').length, undetermined: sev('unknown').length, buckets_without_public_access_block: noPab.length };
  if (sev('fail').length > 0) {
    return {
      id,
      status: 'fail',
      summary: `${plural(sev('fail').length, 'public exposure')} in Terraform (world-open non-web ports or public storage)`,
      confidence: 'high',
      evidence: capEvidence([...sev('fail').map(ev), ...notes]),
      details,
    };
  }
  if (sev('unknown').length > 0) {
    return { id, status: 'unknown', summary: `${plural(sev('unknown').length, 'rule')} open to 0.0.0.0/0 on ports the configuration does not show`, confidence: 'low', evidence: capEvidence([...sev('unknown').map(ev), ...notes]), details };
  }
  if (checked.length === 0) {
    return {
      id,
      status: 'pass',
      summary: `no security groups, firewall rules or buckets declared in ${plural(files.length, 'Terraform file')}`,
      confidence: 'low',
      evidence: capEvidence(files.map((p) => ({ path: p, sha256: input.hashOf(p), note: 'no network or storage resources' }))),
      details,
    };
  }
  return {
    id,
    status: 'pass',
    summary: `no world-open non-web ports or public buckets in ${plural(checked.length, 'resource')}` + (sev('web').length ? ` (${sev('web').length} web port rule${sev('web').length === 1 ? '' : 's'} open, as expected for a load balancer)` : ''),
    confidence: 'high',
    evidence: capEvidence([...notes, ...checked.map((x) => evidenceOf(input, x, `checked ${String(x.data?.['resource'])}`))]),
    details,
  };
}

export const terraformDetector: Detector = {
  id: 'terraform',
  signals: [
    {
      id: 'iac.public-exposure',
      title: 'No public exposure in infrastructure code',
      passWhen: 'no Terraform security group or firewall rule is open to 0.0.0.0/0 on non-web ports and no bucket is public',
    },
  ],
  selects: (f) => f.ext === '.tf',
  collect: collectTerraform,
  evaluate: (input) => [evaluate(input)],
};

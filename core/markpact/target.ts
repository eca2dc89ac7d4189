import { distance } from 'fastest-levenshtein';
import { isMap, isNode, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import type { Span } from '../text/span';

export type Platform = 'web' | 'desktop' | 'mobile';

/** A `markpact:target` block as pactown reads it (spec §1.9, `[pt] src/pactown/targets.py`). */
export interface TargetConfig {
  platform: Platform;
  /** Lower-cased. */
  framework?: string;
  /** Lower-cased; empty means the platform default (`linux` for desktop, `android` for mobile). */
  targets: string[];
  appName?: string;
  appId?: string;
  appVersion?: string;
  icon?: string;
  windowWidth?: number;
  windowHeight?: number;
  fullscreen: boolean;
  /** Any other key, passed to scaffolding. */
  extra: Record<string, unknown>;
}

export interface FrameworkInfo {
  platform: Exclude<Platform, 'web'>;
  language: 'js' | 'rust' | 'python' | 'dart';
  buildCmd: string;
  runCmd: string;
  needsNode: boolean;
}

const PYINSTALLER_BUILD = 'pyinstaller --onefile --windowed main.py';

/** pactown's FRAMEWORK_REGISTRY, keyed by lower-cased name. */
export const FRAMEWORKS: Readonly<Record<string, FrameworkInfo>> = {
  electron: { platform: 'desktop', language: 'js', buildCmd: 'npx electron-builder --linux', runCmd: 'npx electron .', needsNode: true },
  tauri: { platform: 'desktop', language: 'rust', buildCmd: 'npx tauri build', runCmd: 'npx tauri dev', needsNode: true },
  pyinstaller: { platform: 'desktop', language: 'python', buildCmd: PYINSTALLER_BUILD, runCmd: 'python main.py', needsNode: false },
  tkinter: { platform: 'desktop', language: 'python', buildCmd: PYINSTALLER_BUILD, runCmd: 'python main.py', needsNode: false },
  pyqt: { platform: 'desktop', language: 'python', buildCmd: PYINSTALLER_BUILD, runCmd: 'python main.py', needsNode: false },
  'flutter-desktop': { platform: 'desktop', language: 'dart', buildCmd: 'flutter build linux', runCmd: 'flutter run -d linux', needsNode: false },
  capacitor: { platform: 'mobile', language: 'js', buildCmd: 'npx cap sync android && cd android && ./gradlew assembleDebug', runCmd: 'npx cap run android', needsNode: true },
  'react-native': { platform: 'mobile', language: 'js', buildCmd: 'npx react-native build-android --mode=release', runCmd: 'npx react-native run-android', needsNode: true },
  'flutter-mobile': { platform: 'mobile', language: 'dart', buildCmd: 'flutter build apk', runCmd: 'flutter run', needsNode: false },
  kivy: { platform: 'mobile', language: 'python', buildCmd: 'buildozer android debug', runCmd: 'python main.py', needsNode: false },
};

const KNOWN_KEYS = ['platform', 'framework', 'targets', 'app_name', 'app_id', 'app_version', 'icon', 'window_width', 'window_height', 'fullscreen'];

/** Something pactown would silently read differently from what the author meant. Spans are offsets into the body. */
export interface TargetProblem {
  message: string;
  span: Span;
  severity: 'error' | 'warning';
  /** A replacement value for the span, when one is obvious (nearest framework or key). */
  suggestion?: string;
}

export interface ParsedTarget {
  config: TargetConfig;
  problems: TargetProblem[];
}

/** Parses a target body as pactown does (YAML 1.1 like PyYAML, duplicate keys allowed: the last wins). */
export function parseTarget(body: string): ParsedTarget {
  const config: TargetConfig = { platform: 'web', targets: [], fullscreen: false, extra: {} };
  const problems: TargetProblem[] = [];
  const doc = parseDocument(body, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    const span = { start: first.pos[0], end: Math.max(first.pos[1], first.pos[0] + 1) };
    problems.push({ message: `invalid YAML, so pactown ignores the whole target block: ${first.message.split('\n')[0]}`, span, severity: 'error' });
    return { config, problems };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    const span = root?.range ? { start: root.range[0], end: root.range[1] } : { start: 0, end: body.length };
    const message = root ? 'the target block must be a YAML mapping (platform: desktop, framework: electron, …); pactown ignores anything else' : 'the target block is empty: write a YAML mapping such as platform: desktop';
    problems.push({ message, span, severity: 'error' });
    return { config, problems };
  }
  let frameworkPair: Pair | undefined;
  let platformPair: Pair | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value: unknown = isNode(pair.value) ? pair.value.toJSON() : pair.value;
    switch (key) {
      case 'platform':
        platformPair = pair;
        config.platform = readPlatform(value, pair.value as Node | null, problems);
        break;
      case 'framework':
        frameworkPair = pair;
        config.framework = value == null ? undefined : String(value).toLowerCase();
        break;
      case 'targets':
        config.targets = (Array.isArray(value) ? value : String(value ?? '').split(',')).map((t) => String(t).trim().toLowerCase()).filter(Boolean);
        break;
      case 'app_name': case 'app_id': case 'app_version': case 'icon':
        if (value != null) config[camel(key)] = String(value);
        break;
      case 'window_width': case 'window_height':
        config[key === 'window_width' ? 'windowWidth' : 'windowHeight'] = readSize(key, value, pair.value as Node | null, problems);
        break;
      case 'fullscreen':
        config.fullscreen = Boolean(value);
        break;
      default:
        config.extra[key] = value;
        unknownKey(key, pair, problems);
    }
  }
  checkFramework(config, frameworkPair, platformPair, problems);
  return { config, problems };
}

function camel(key: 'app_name' | 'app_id' | 'app_version' | 'icon'): 'appName' | 'appId' | 'appVersion' | 'icon' {
  return key === 'icon' ? 'icon' : key === 'app_name' ? 'appName' : key === 'app_id' ? 'appId' : 'appVersion';
}

function nodeSpan(node: Node | null | undefined, fallback: Span): Span {
  return node?.range ? { start: node.range[0], end: node.range[1] } : fallback;
}

function keySpan(pair: Pair): Span {
  return nodeSpan(pair.key as Node, { start: 0, end: 0 });
}

function readPlatform(value: unknown, node: Node | null, problems: TargetProblem[]): Platform {
  const platform = String(value ?? '').toLowerCase();
  if (platform === 'web' || platform === 'desktop' || platform === 'mobile') return platform;
  problems.push({ message: `platform '${String(value ?? '')}' is not web, desktop or mobile; pactown treats it as web`, span: nodeSpan(node, { start: 0, end: 0 }), severity: 'error' });
  return 'web';
}

function readSize(key: string, value: unknown, node: Node | null, problems: TargetProblem[]): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\s*[+]?\d+\s*$/.test(value) && Number(value) > 0) return Number(value);
  problems.push({ message: `${key} must be a positive whole number of pixels, e.g. ${key}: 1024`, span: nodeSpan(node, { start: 0, end: 0 }), severity: 'error' });
  return undefined;
}

function unknownKey(key: string, pair: Pair, problems: TargetProblem[]): void {
  const near = KNOWN_KEYS.find((k) => distance(k, key.toLowerCase()) <= 2);
  if (!near) return; // other keys are legitimately passed to scaffolding
  problems.push({ message: `unknown key '${key}': did you mean '${near}'? (other keys are only passed to scaffolding)`, span: keySpan(pair), severity: 'warning', suggestion: near });
}

/** The registered framework nearest to `name`, or the two Flutter keys for plain `flutter`. */
export function nearestFramework(name: string, platform?: Platform): string | undefined {
  if (name === 'flutter') return platform === 'mobile' ? 'flutter-mobile' : 'flutter-desktop';
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of Object.keys(FRAMEWORKS)) {
    const d = distance(name, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best;
}

function checkFramework(config: TargetConfig, frameworkPair: Pair | undefined, platformPair: Pair | undefined, problems: TargetProblem[]): void {
  if (!frameworkPair || config.framework === undefined) return;
  const span = nodeSpan(frameworkPair.value as Node | null, keySpan(frameworkPair));
  const info = FRAMEWORKS[config.framework];
  if (!info) {
    const explicitPlatform = platformPair ? config.platform : undefined;
    const near = nearestFramework(config.framework, explicitPlatform);
    const flutter = config.framework === 'flutter' ? " ('flutter' alone is not registered: use flutter-desktop or flutter-mobile)" : '';
    const message = `unknown framework '${config.framework}', so pactown has no default build or run command for it${flutter}${near && !flutter ? `; did you mean '${near}'?` : ''}. Known: ${Object.keys(FRAMEWORKS).join(', ')}`;
    problems.push({ message, span, severity: 'warning', ...(near ? { suggestion: near } : {}) });
    return;
  }
  if (info.platform !== config.platform) {
    const where = platformPair ? nodeSpan(platformPair.value as Node | null, span) : span;
    const message = platformPair
      ? `framework '${config.framework}' builds ${info.platform} apps but platform is '${config.platform}': set platform: ${info.platform}`
      : `framework '${config.framework}' builds ${info.platform} apps but the platform defaults to web: add platform: ${info.platform}`;
    problems.push({ message, span: where, severity: 'warning', suggestion: info.platform });
  }
}

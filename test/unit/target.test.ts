import assert from 'node:assert/strict';
import test from 'node:test';
import { FRAMEWORKS, nearestFramework, parseTarget } from '../../core/markpact/target';

function problemTexts(body: string) {
  return parseTarget(body).problems.map((p) => ({ text: body.slice(p.span.start, p.span.end), severity: p.severity, suggestion: p.suggestion, message: p.message }));
}

test('a full target block', () => {
  const body = 'platform: Desktop\nframework: Electron\ntargets: linux, Windows\napp_name: Notes\nwindow_width: 1024\nwindow_height: "768"\nfullscreen: yes\ntheme: dark';
  const { config, problems } = parseTarget(body);
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    platform: 'desktop', framework: 'electron', targets: ['linux', 'windows'], appName: 'Notes',
    windowWidth: 1024, windowHeight: 768, fullscreen: true, extra: { theme: 'dark' },
  });
});

test('targets as a list, defaults when keys are absent', () => {
  assert.deepEqual(parseTarget('targets: [Android, ios]').config, { platform: 'web', targets: ['android', 'ios'], fullscreen: false, extra: {} });
});

test('the framework registry', () => {
  assert.equal(FRAMEWORKS.electron.runCmd, 'npx electron .');
  assert.equal(FRAMEWORKS.kivy.buildCmd, 'buildozer android debug');
  assert.equal(FRAMEWORKS.capacitor.needsNode, true);
  assert.equal(FRAMEWORKS['flutter-mobile'].platform, 'mobile');
  assert.equal(FRAMEWORKS.flutter, undefined);
});

test('invalid YAML and non-mappings', () => {
  const [yaml] = problemTexts('platform: [desktop');
  assert.equal(yaml.severity, 'error');
  assert.match(yaml.message, /^invalid YAML, so pactown ignores the whole target block: /);
  const list = problemTexts('- desktop\n- mobile');
  assert.equal(list[0].text, '- desktop\n- mobile');
  assert.match(list[0].message, /must be a YAML mapping/);
  assert.match(problemTexts('')[0].message, /is empty/);
});

test('platform, framework and window size problems', () => {
  assert.deepEqual(problemTexts('platform: tv').map((p) => [p.text, p.severity]), [['tv', 'error']]);
  const typo = problemTexts('platform: desktop\nframework: electorn');
  assert.deepEqual(typo.map((p) => [p.text, p.suggestion]), [['electorn', 'electron']]);
  const flutter = problemTexts('platform: mobile\nframework: flutter');
  assert.equal(flutter[0].suggestion, 'flutter-mobile');
  assert.match(flutter[0].message, /'flutter' alone is not registered: use flutter-desktop or flutter-mobile/);
  assert.equal(nearestFramework('flutter'), 'flutter-desktop');
  const mismatch = problemTexts('platform: mobile\nframework: electron');
  assert.deepEqual(mismatch.map((p) => [p.text, p.suggestion, p.severity]), [['mobile', 'desktop', 'warning']]);
  const implicitWeb = problemTexts('framework: kivy');
  assert.deepEqual(implicitWeb.map((p) => [p.text, p.suggestion]), [['kivy', 'mobile']]);
  assert.deepEqual(problemTexts('window_width: 800.5\nwindow_height: tall').map((p) => p.text), ['800.5', 'tall']);
  assert.deepEqual(problemTexts('framwork: electron\nplatform: desktop').map((p) => [p.text, p.suggestion]), [['framwork', 'framework']]);
  assert.deepEqual(problemTexts('platform: desktop\nframework: electron\ncustom_setting: 1'), []);
});

test('YAML 1.1 and repeated keys, as PyYAML reads them', () => {
  assert.equal(parseTarget('platform: web\nplatform: mobile').config.platform, 'mobile');
});

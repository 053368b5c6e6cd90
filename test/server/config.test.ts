import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { PracticeConfigError, loadPractice } from '../../src/server/practice.js';
import { demoPracticePath } from './support/practice.js';

const dir = mkdtempSync(join(tmpdir(), 'soleus-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const demo = () => JSON.parse(readFileSync(demoPracticePath, 'utf8')) as Record<string, any>;

describe('server config', () => {
  test('defaults', () => {
    const config = loadConfig([], {}, '/srv/app');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8787);
    assert.deepEqual(config.database, {
      dialect: 'sqlite',
      url: 'sqlite:./data/soleus.db',
      filename: '/srv/app/data/soleus.db',
    });
    assert.equal(config.configPath, resolve(demoPracticePath));
    assert.equal(config.production, false);
    assert.deepEqual(config.allowedOrigins, []);
    assert.equal(config.smtpUrl, undefined);
  });

  test('environment, and options that win over it', () => {
    const env = {
      HOST: '0.0.0.0',
      PORT: '9000',
      DATABASE_URL: 'postgres://u:p@db.internal:5432/soleus',
      SOLEUS_CONFIG: 'practice.json',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      SOLEUS_ADMIN_TOKEN: 'a'.repeat(32),
      SOLEUS_ALLOWED_ORIGINS: 'https://blog.example.com, http://localhost:3000/',
      SOLEUS_PUBLIC_URL: 'https://book.example.com/',
      NODE_ENV: 'production',
    };
    const fromEnv = loadConfig([], env, '/srv');
    assert.equal(fromEnv.host, '0.0.0.0');
    assert.equal(fromEnv.port, 9000);
    assert.equal(fromEnv.database.dialect, 'postgres');
    assert.equal(fromEnv.configPath, '/srv/practice.json');
    assert.equal(fromEnv.smtpUrl, 'smtp://127.0.0.1:2525');
    assert.deepEqual(fromEnv.allowedOrigins, ['https://blog.example.com', 'http://localhost:3000']);
    assert.equal(fromEnv.publicUrl, 'https://book.example.com');
    assert.equal(fromEnv.production, true);
    const fromArgs = loadConfig(
      ['--port', '0', '--host=127.0.0.1', '--db', 'sqlite::memory:', '--config', '/etc/p.json'],
      env,
      '/srv',
    );
    assert.equal(fromArgs.port, 0);
    assert.equal(fromArgs.host, '127.0.0.1');
    assert.deepEqual(fromArgs.database, { dialect: 'sqlite', url: 'sqlite::memory:', filename: ':memory:' });
    assert.equal(fromArgs.configPath, '/etc/p.json');
    assert.equal(loadConfig(['--db', 'sqlite:/abs/file.db'], {}).database.dialect, 'sqlite');
  });

  test('bad options are a ConfigError with one line', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--port', 'eighty'], {}, /Port "eighty"/],
      [['--port', '70000'], {}, /Port "70000"/],
      [['--nope', '1'], {}, /Unknown option --nope/],
      [['--port'], {}, /--port needs a value/],
      [['serve'], {}, /Unexpected argument/],
      [['--db', 'mysql://x'], {}, /not supported/],
      [['--db', 'sqlite:'], {}, /names no file/],
      [[], { SOLEUS_ALLOWED_ORIGINS: 'not a url' }, /SOLEUS_ALLOWED_ORIGINS/],
      [[], { SOLEUS_PUBLIC_URL: 'ftp://x' }, /SOLEUS_PUBLIC_URL/],
      [[], { SMTP_URL: 'mail.example.com' }, /SMTP_URL/],
      [[], { SOLEUS_ADMIN_TOKEN: 'short' }, /too short/],
    ];
    for (const [args, env, message] of cases) {
      assert.throws(
        () => loadConfig(args, env),
        (error: Error) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'),
        `${args.join(' ')} ${JSON.stringify(env)}`,
      );
    }
  });
});

describe('practice configuration', () => {
  test('the demo practice loads with defaults applied', () => {
    const practice = loadPractice(demoPracticePath);
    assert.equal(practice.name, "Jim's Sports Massage");
    assert.equal(practice.timeZone, 'Europe/London');
    const jim = practice.practitioners[0]!;
    assert.equal(jim.timeZone, 'Europe/London');
    assert.deepEqual(jim.hours.mon, [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ]);
    assert.deepEqual(jim.hours.sat, [['09:00', '13:00']]);
    assert.deepEqual(jim.hours.sun, []);
    assert.ok(jim.exceptions.some((e) => e.date === '2026-12-25' && e.hours.length === 0));
    assert.deepEqual(
      practice.services.map((s) => s.durationMinutes),
      [30, 60, 90, 45, 60, 60],
    );
    for (const s of practice.services) {
      assert.equal(s.price?.currency, 'GBP');
      assert.equal(s.bufferBeforeMinutes, 10);
      assert.equal(s.minNoticeHours, 12);
      assert.equal(s.horizonDays, 90);
      assert.equal(s.cancellationNoticeHours, 24);
    }
  });

  test('minimal practice gets sensible defaults', () => {
    const file = join(dir, 'minimal.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'P',
        timeZone: 'Europe/Paris',
        practitioners: [{ id: 'a', name: 'A', hours: { mon: [['09:00', '17:00']] } }],
        services: [{ id: 'x', name: 'X', durationMinutes: 30 }],
      }),
    );
    const p = loadPractice(file);
    assert.equal(p.practitioners[0]!.timeZone, 'Europe/Paris');
    assert.deepEqual(p.practitioners[0]!.hours.tue, []);
    assert.deepEqual(p.practitioners[0]!.exceptions, []);
    assert.equal(p.services[0]!.price, null);
    assert.equal(p.services[0]!.description, '');
    assert.equal(p.services[0]!.bufferAfterMinutes, 0);
  });

  test('without a time zone, the practice and its practitioners are in Europe/London', () => {
    const file = join(dir, 'no-zone.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'P',
        practitioners: [{ id: 'a', name: 'A', hours: { mon: [['09:00', '17:00']] } }],
        services: [{ id: 'x', name: 'X', durationMinutes: 30 }],
      }),
    );
    const p = loadPractice(file);
    assert.equal(p.timeZone, 'Europe/London');
    assert.equal(p.practitioners[0]!.timeZone, 'Europe/London');
  });

  const invalid = (name: string, mutate: (p: Record<string, any>) => void, expected: string | RegExp) =>
    test(name, () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      const data = demo();
      mutate(data);
      writeFileSync(file, JSON.stringify(data));
      assert.throws(
        () => loadPractice(file),
        (error: Error) => {
          assert.ok(error instanceof PracticeConfigError);
          assert.doesNotMatch(error.message, /\n/);
          if (typeof expected === 'string') assert.equal(error.message, `Invalid configuration ${file}: ${expected}`);
          else assert.match(error.message, expected);
          return true;
        },
      );
    });

  invalid(
    'wrong field type',
    (p) => (p.services[0].durationMinutes = '60'),
    'services.0.durationMinutes: Expected number, received string',
  );
  invalid('unknown time zone', (p) => (p.timeZone = 'Europe/Atlantis'), /timeZone: Unknown time zone/);
  invalid(
    'bad hours',
    (p) => (p.practitioners[0].hours.mon = [['13:00', '09:00']]),
    /practitioners\.0\.hours\.mon\.0: End 09:00 must be after start 13:00/,
  );
  invalid(
    'bad currency',
    (p) => (p.services[1].price.currency = 'XXY'),
    /services\.1\.price\.currency: Expected an ISO 4217/,
  );
  invalid('not kebab id', (p) => (p.services[2].id = 'Sports Massage'), /services\.2\.id: .*kebab/);
  invalid(
    'bad exception day',
    (p) => (p.practitioners[0].exceptions[0].date = '2026-02-30'),
    /exceptions\.0\.date: Not a real calendar day/,
  );
  invalid('duplicate service id', (p) => (p.services[1].id = p.services[0].id), /services\.1\.id: Duplicate id/);
  invalid('unknown field', (p) => (p.services[0].durationMins = 5), /services\.0: Unrecognized key/);

  test('a file that is not JSON names the file', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": ');
    assert.throws(
      () => loadPractice(file),
      (e: Error) =>
        e instanceof PracticeConfigError && e.message.startsWith(`Invalid configuration ${file}: not valid JSON`),
    );
  });

  test('a missing file names the file', () => {
    const file = join(dir, 'missing.json');
    assert.throws(
      () => loadPractice(file),
      (e: Error) => e instanceof PracticeConfigError && e.message === `Cannot read configuration ${file}: no such file`,
    );
  });
});

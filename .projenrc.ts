import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-patterns',
  description: 'Typed cdk8s constructs for the Kubernetes pod, storage, config and registry patterns everyone copies from blog posts, synthesized as validated YAML',
  author: 'cdk8s-patterns maintainers',
  authorAddress: 'maintainers@users.noreply.h-seed-412e5058.example',
  repositoryUrl: 'https://example.invalid/cdk8s-patterns.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'cdk8s-plus', 'validation', 'k8s'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Peer dependencies (projen also pins each as a devDependency at exactly this minimum,
  // so the tests run against the oldest versions we claim to support).
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  // ConstructLibraryCdk8s has no cdk8sPlusVersion option.
  peerDeps: ['cdk8s-plus-27@^2.9.5'],

  // Runtime dependencies that are not jsii modules must be bundled into the tarball.
  //  - yaml: reads multi-document manifests in the CLI and the cdk8s-cli plugin (with line numbers for errors).
  //  - ajv: compiles the 1.27 JSON schemas into validate functions (structure layer of the validator).
  //  - kubernetes-models@4.3.1: the last release that ships the Kubernetes 1.27.1 JSON schemas as plain
  //    objects (4.4+ precompiles them, 4.5+ is 1.33); pinned exactly because the validator post-processes
  //    their layout to make them strict.
  //  - re2js: RE2 semantics in linear time for the `pattern`s of CRD schemas (hostile input must not backtrack).
  //  - @marcbachmann/cel-js: evaluates CRDs' x-kubernetes-validations CEL rules (zero dependencies, parse-time limits).
  //  - js-yaml: the CLI's fast decode path (go-yaml v2's scalar rules on top; documents it could read
  //    differently take the exact path through yaml), and the parse floor of the benchmark.
  bundledDeps: ['yaml@^2.8.0', 'ajv@^8.17.1', 'kubernetes-models@4.3.1', 're2js@^2.10.0', '@marcbachmann/cel-js@^8.0.0', 'js-yaml@^4.1.0'],

  devDeps: [
    'fast-check@^4.3.0', // property-based tests (test/fuzz)
    'cdk8s-cli@2.207.60', // consumer test: real `cdk8s synth` with our validation plugin
    '@types/js-yaml@^4.0.9',
  ],

  // cel-js (CRD validation rules) is an ES module that CommonJS code can `require` from Node 20.19 on.
  minNodeVersion: '20.19.0',
  jsiiVersion: '~6.0.0', // jsii 6.0.x compiles with its own TypeScript ~6.0

  // No GitHub workflows / mergify / release / upgrade tasks: CI is .ci/run.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // `test` runs `jest --ci` (snapshots are never rewritten); `test:update` writes them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      // test/consumer packs the library and runs cdk8s-cli against the tarball: CI runs it after `build` (task test:consumer).
      testPathIgnorePatterns: ['/node_modules/', '/examples/dist/', '/test/consumer/'],
      // The consumer test packs and runs cdk8s-cli: allow it time, but keep the default small elsewhere.
      testTimeout: 30_000,
      // Each run gets its own TMPDIR, removed at the end: no test leaves anything in the temp directory.
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      // cel-js (CRD validation rules) is an ES module; Node >= 20.19 `require`s it natively, jest's
      // module system does not: transpile just that package to CommonJS for the tests.
      transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
      transform: {
        '^.+/node_modules/@marcbachmann/cel-js/.+\\.js$': new javascript.Transform('ts-jest', {
          tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' },
        }),
      },
    },
  },
  // Lint must fail instead of rewriting files.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts', 'projenrc', '.projenrc.ts'],
    commandOptions: { fix: false },
  },
  docgen: true,
  gitignore: ['/examples/dist/', '/bench/results/', '/.consumer-test/'],
});

// The registry reachable here lacks the non-linux @unrs/resolver-binding-*@1.13.0
// packages, so a lockfile made with unrs-resolver 1.13.0 fails `npm ci`; 1.12.2 is complete.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The validator CLI for GitOps pipelines: `npx cdk8s-patterns validate <file|dir>...`
project.addBins({ 'cdk8s-patterns': 'bin/cdk8s-patterns' });

// Examples and the benchmark are type-checked (ts-jest and eslint use test/tsconfig.json, whose root is the repo).
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.tsconfigDev.addInclude('../scripts/**/*.ts');

// eslint's project service picks the nearest tsconfig.json: give examples/ and bench/ one that sees the sources.
for (const dir of ['examples', 'bench', 'scripts']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../test/tsconfig.json']),
    include: ['**/*.ts'],
    exclude: ['dist', 'results'],
    compilerOptions: {},
  });
}

// The validator's structural layer: precompile the Ajv validators of the 1.27 schemas into
// lib/validation/schemas.generated/<chunk>.js (ignored by git with lib/, shipped in the package), so
// the package loads code instead of compiling schemas at the first validation (docs/internals.md).
project.postCompileTask.exec('node lib/validation/schema-codegen.js');

const tsNode = 'ts-node --project test/tsconfig.json';
project.addTask('examples', {
  description: 'Synthesize every example app into examples/dist/<scenario>/ and validate the output',
  exec: `${tsNode} examples/synth.ts`,
  receiveArgs: true,
});
project.addTask('bench', {
  description: 'Benchmark synth with and without validation, and the validator alone (prints ratios)',
  exec: `${tsNode} --transpile-only bench/bench.ts`,
  receiveArgs: true,
});
// jest only transpiles (isolatedModules); type-check the tests and the examples so they cannot drift from the API.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, examples and the benchmark against the library sources',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheck);
project.addTask('test:consumer', {
  description: 'Install the packed tarball (dist/js) into a throwaway cdk8s app and run `cdk8s synth` with the validation plugin',
  // The path goes first: jest reads --testPathIgnorePatterns and --reporters as lists that would swallow it.
  exec: 'jest test/consumer --ci --coverage=false --testPathIgnorePatterns=/node_modules/ --reporters=default --reporters=jest-junit',
  env: { JEST_JUNIT_OUTPUT_DIR: 'test-reports', JEST_JUNIT_OUTPUT_NAME: 'consumer-junit.xml' },
});
project.addTask('docs:validation', {
  description: 'Regenerate docs/validation.md from the rule catalog (a test fails when the committed file is stale)',
  exec: `${tsNode} --transpile-only scripts/validation-docs.ts`,
});
const tarball = project.addTask('tarball', {
  description: 'Compile and pack the library (no tests) and print the path of the .tgz to `npm install`',
});
tarball.spawn(project.compileTask);
tarball.spawn(project.postCompileTask);
tarball.exec('jsii-pacmak --target js');
tarball.exec('node -e "const fs=require(\'fs\'),p=require(\'path\');const d=p.resolve(\'dist/js\');for(const f of fs.readdirSync(d).filter(x=>x.endsWith(\'.tgz\')))console.log(p.join(d,f))"');
// pre-commit (.pre-commit-hooks.yaml) and other installs from a git clone have no lib/: build it
// when it is missing (npm runs `prepare` after a local `npm install`/`npm ci`, not for a tarball).
const prepare = project.addTask('prepare', {
  description: 'Compile the library when lib/ is missing (installs from a git clone, e.g. the pre-commit hook)',
  condition: 'test ! -f lib/validation/cli.js',
});
prepare.spawn(project.compileTask);
prepare.spawn(project.postCompileTask);
project.addTask('fuzz', {
  description: 'Long property-based run over every construct (FUZZ_RUNS, FUZZ_SEED to replay)',
  exec: 'jest --ci --coverage=false test/fuzz',
  env: { FUZZ_RUNS: '2000' },
  receiveArgs: true,
});

project.synth();

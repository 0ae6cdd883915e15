/*
 * fixture.js: helpers for the search tests (not a test file itself).
 *
 * fixtureDir() finds the small index the C unit test writes: the folder
 * in $BAOKAN_IDX_FIXTURE, or a fresh temporary one filled by running
 * build/tests/test_idx DIR (make units builds it).  It returns null when
 * neither is there, and the tests that need it skip with a message.
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const search = require(path.join(REPO, 'assets', 'search.js'));

let cached;

function fixtureDir() {
	if (cached !== undefined)
		return cached;
	cached = null;
	const env = process.env.BAOKAN_IDX_FIXTURE;
	if (env) {
		if (fs.existsSync(path.join(env, 'search', 'meta.js')))
			cached = env;
		return cached;
	}
	const bin = path.join(REPO, process.env.BUILD || 'build', 'tests',
	    'test_idx');
	if (!fs.existsSync(bin))
		return cached;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baokan-idx-'));
	process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	execFileSync(bin, [dir], { stdio: 'pipe' });
	cached = dir;
	return cached;
}

const SKIP = 'no index fixture: run `make units` (build/tests/test_idx) ' +
    'or set BAOKAN_IDX_FIXTURE';

/*
 * A store that loads the index scripts as the browser would: each file
 * runs in a fresh context whose only global is baokanSearch, later (as a
 * <script> element loads), and a file that does not register its name
 * fails the load.
 */
function nodeStore(dir, loaded) {
	return new search.Store(function (name, store) {
		setImmediate(function () {
			const file = path.join(dir, 'search', name + '.js');
			let code;
			try {
				code = fs.readFileSync(file, 'utf8');
			} catch (e) {
				store.fail(name, new Error('cannot load ' + file));
				return;
			}
			if (loaded)
				loaded.push(name);
			vm.runInNewContext(code, {
				baokanSearch: { add: (n, v) => store.add(n, v) }
			}, { filename: file });
			if (!(name in store.data))
				store.fail(name, new Error(file + ' did not register'));
		});
	});
}

module.exports = { REPO, search, fixtureDir, nodeStore, SKIP };

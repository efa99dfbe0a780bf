# XinQiao 心桥 — the two quick-start commands and a few helpers.
#   make serve   build, import the bundled Content/ and Lessons/ into data/xinqiao.sqlite, serve on :8080
#   make test    build and run every test, then lint the library (content rules; errors fail)
#   make browser-test   only the browser tests (headless Chromium; screenshots in .build/screenshots)
.PHONY: serve test browser-test build release clean

serve:
	@scripts/deps.sh build
	swift build --product xinqiao
	.build/debug/xinqiao serve $(ARGS)

test:
	@scripts/deps.sh test
	swift build --build-tests
	swift test --skip-build
	.build/debug/xinqiao content lint

browser-test:
	@scripts/deps.sh test
	swift build --build-tests
	swift test --skip-build --filter BrowserTests

build:
	@scripts/deps.sh build
	swift build

release:
	@scripts/deps.sh build
	swift build -c release --product xinqiao

clean:
	rm -rf .build

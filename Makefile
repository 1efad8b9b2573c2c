# FieldDesk: `make run` opens the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench demo screenshot translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

demo: $(STAMP)
	$(BIN)/python main.py demo

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py screenshot --out docs/screenshots

bench: $(STAMP)
	$(BIN)/python bench/search.py

translations: $(STAMP)
	cp resources/translations/fielddesk_ru.ts $(VENV)/fielddesk_ru.before-lupdate.ts
	$(BIN)/pyside6-lupdate -extensions py -no-obsolete main.py ui -ts resources/translations/fielddesk_ru.ts
	$(BIN)/python resources/translations/restore_plurals.py resources/translations/fielddesk_ru.ts $(VENV)/fielddesk_ru.before-lupdate.ts
	$(BIN)/pyside6-lrelease resources/translations/fielddesk_ru.ts -qm resources/translations/fielddesk_ru.qm

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

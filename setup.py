"""The wheel carries what the app needs beside its code: message catalogs compiled from the .po sources kept in
git, and the pages from the top-level templates/ folder (placed inside the package, where create_app looks
first). Everything else is declared in pyproject.toml."""
import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogsAndTemplates(build_py):
    def run(self) -> None:
        super().run()
        package = Path(self.build_lib) / "checkpoint"
        for po in Path("checkpoint/translations").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as source:
                catalog = read_po(source)
            mo = package / po.relative_to("checkpoint").with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as target:
                write_mo(target, catalog)
        shutil.copytree("templates", package / "templates", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithCatalogsAndTemplates})

"""Package discovery that pyproject.toml alone cannot express: every package and data folder under
neutrality_rules/ (found, so a new subpackage ships without a list to maintain) plus the repository's
rules/ folder, shipped inside the package as neutrality_rules._bundled_rules (see bundled.py).
Everything else is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["neutrality_rules", "neutrality_rules.*"], exclude=["*.__pycache__"]),
        "neutrality_rules._bundled_rules",
        *(f"neutrality_rules._bundled_rules.{p}" for p in find_namespace_packages(where="rules")),
    ],
    package_dir={"neutrality_rules._bundled_rules": "rules"},
)

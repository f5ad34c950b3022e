import re
from pathlib import Path

from setuptools import find_namespace_packages, setup

# Read, not imported: the build runs in an isolated environment.
_init = Path(__file__).with_name("india_ims").joinpath("__init__.py").read_text()
__version__ = re.search(r'__version__ = "([^"]+)"', _init).group(1)

setup(
    name="india_ims",
    version=__version__,
    description="GST Invoice Management System (IMS) for ERPNext",
    author="india_ims developers",
    license="GPL-3.0",
    # 3.10+ for the pure core and Frappe 15; Frappe 16 itself requires 3.14 (see pyproject.toml).
    python_requires=">=3.10",
    classifiers=[
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Programming Language :: Python :: 3.14",
    ],
    packages=find_namespace_packages(include=["india_ims", "india_ims.*"]),
    include_package_data=True,
    zip_safe=False,
    # frappe and erpnext come from the bench at run time, never from pip.
    install_requires=[
        "openpyxl>=3.1",
        "numpy>=1.24",
        "scipy>=1.10",
        "cryptography>=41",
        "requests>=2.28",
        "orjson>=3.9",
    ],
    extras_require={"test": ["pytest>=7", "ruff>=0.5", "hypothesis>=6.80"]},
    entry_points={"console_scripts": ["india-ims = india_ims.cli.main:main"]},
)

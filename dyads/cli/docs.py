"""`dyads docs [TOPIC]`: the documentation shipped inside the package, readable where the user is."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click


def docs_dir() -> Path:
    """The installed copy of docs/ (the package's `docs` folder is the repository's docs/)."""
    return Path(str(resources.files("dyads") / "docs"))


def topics() -> dict[str, str]:
    """Topic name -> the page's first heading, for every shipped page."""
    found = {}
    for page in sorted(docs_dir().glob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        found[page.stem] = next((ln.lstrip("# ").strip() for ln in lines if ln.startswith("#")), page.stem)
    return found


@click.command("docs")
@click.argument("topic", required=False)
@click.option("--path", "show_path", is_flag=True, help="print the page's file path instead of its text")
def docs_cmd(topic: str | None, show_path: bool) -> None:
    """Read the documentation offline: without TOPIC, list the topics; with one, print its page.

    For example `dyads docs cli` (every command and setting), `dyads docs verbs` (the verb
    dictionary), `dyads docs errors` (every rejection reason).
    """
    known = topics()
    if not known:
        raise click.ClickException(f"no documentation found in {docs_dir()}")
    if topic is None:
        width = max(map(len, known))
        for name, title in known.items():
            click.echo(f"{name.ljust(width)}  {title}")
        return
    name = topic.removesuffix(".md").lower()
    if name not in known:
        raise click.BadParameter(f"no topic {topic!r}; one of: {', '.join(known)}", param_hint="TOPIC")
    page = docs_dir() / f"{name}.md"
    click.echo(str(page) if show_path else page.read_text(encoding="utf-8"), nl=show_path)

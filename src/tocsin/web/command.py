"""``tocsin serve``: the API and the dashboard on one address, loopback unless told otherwise."""

from __future__ import annotations

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def allowed_hosts(host: str) -> list[str] | None:
    """On loopback, only loopback names may reach the app (a guard against DNS rebinding)."""
    if host in LOOPBACK:
        return ["127.0.0.1", "localhost", "[::1]", "::1"]
    return None


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000, write_token: str | None = None) -> None:
    import uvicorn
    from rich.console import Console

    from tocsin.web.app import create_app

    app = create_app(db, write_token, allowed_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    console = Console(stderr=True)
    console.print(f"Tocsin dashboard: [bold]http://{shown}:{port}/[/bold]   API description: /openapi.json")
    console.print("writes: " + ("enabled with the write token" if app.state.write_token else "disabled (read-only)"))
    if host not in LOOPBACK:
        console.print(f"[yellow]listening on {host}: anyone who can reach this address can read the store[/yellow]")
    uvicorn.run(app, host=host, port=port, log_level="warning")

"""FieldDesk command line: the desktop app and its maintenance commands (the composition root)."""

from __future__ import annotations

import argparse
import logging
import sys
import warnings

from models import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fielddesk", description="FieldDesk dispatcher workstation")
    parser.add_argument("--version", action="version", version=f"FieldDesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="open the main window (the default)")
    sub.add_parser("migrate", help="bring the database schema up to date and exit")
    demo = sub.add_parser("demo", help="load deterministic demo data into the database")
    demo.add_argument("--scale", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--force", action="store_true", help="load even when the database already has clients")
    shot = sub.add_parser("screenshot", help="render each main view off-screen to PNG files")
    shot.add_argument("--out", required=True, help="folder for the PNG files")
    service = sub.add_parser("service", help="run the headless duties: the PBX bridge (every call stored)")
    service.add_argument("--ami-host", help="Asterisk host (default: [ami] host in config.toml)")
    service.add_argument("--ami-port", type=int, help="AMI port (default 5038)")
    service.add_argument("--ami-user", help="AMI user; the secret comes from the OS keyring or FIELDDESK_AMI_SECRET")
    service.add_argument("--spool", help="file that keeps calls while the database is away")
    service.add_argument("--sla-minutes", type=int, default=None,
                         help="callback deadline for a missed call, overriding the company setting (Settings)")
    service.add_argument("--escalation-interval", type=float, default=30.0,
                         help="seconds between checks for overdue callbacks (0 turns escalation off)")
    service.add_argument("--remind-before", type=int, default=5,
                         help="minutes before a callback deadline its owner is reminded")
    sim = sub.add_parser("simulate-calls", help="run a small AMI server that plays realistic calls (demos, tests)")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=5038)
    sim.add_argument("--user", default="fielddesk")
    sim.add_argument("--secret", default="secret")
    sim.add_argument("--scenario", action="append", help="scenario name (repeatable; default: all)")
    sim.add_argument("--rate", type=float, default=4.0, help="calls per minute")
    sim.add_argument("--count", type=int, help="stop after this many calls (default: until Ctrl+C)")
    sim.add_argument("--numbers", action="append", help="caller numbers to use (default: demo clients' numbers)")
    sim.add_argument("--speed", type=float, default=1.0, help="play faster (2.0) or slower (0.5) than real time")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # platformdirs warns on desktops without XDG_RUNTIME_DIR; pgserver asks for that folder and falls back fine.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    # The embedded server's helper logs every pg_ctl call at INFO; only its problems matter here.
    logging.getLogger("pgserver").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    command = args.command or "run"
    if command == "migrate":
        return cmd_migrate()
    if command == "demo":
        return cmd_demo(args.scale, args.seed, args.force)
    if command == "service":
        return cmd_service(args)
    if command == "simulate-calls":
        return cmd_simulate_calls(args)
    if command == "screenshot":
        from ui.screenshot import render_screenshots

        return render_screenshots(args.out)
    from ui.app import run_app

    return run_app()


def _open_or_explain(**kwargs):
    """Open the database for a command-line command, or print what is wrong and return None."""
    from models.bootstrap import DatabaseTooNew
    from models.config import ConfigError, load_database_config
    from models.connect import open_database
    from models.database import DatabaseUnavailable
    from models.embedded import EmbeddedServerError

    try:
        return open_database(load_database_config(), **kwargs)
    except (ConfigError, DatabaseUnavailable, DatabaseTooNew, EmbeddedServerError) as exc:
        print(f"fielddesk: {exc}", file=sys.stderr)
        return None


def cmd_migrate() -> int:
    from models.bootstrap import current_revision

    conn = _open_or_explain()
    if conn is None:
        return 2
    print(f"{conn.db.display_url}: schema {current_revision(conn.db)} (FieldDesk {__version__})")
    conn.close()
    return 0


def cmd_demo(scale: str, seed: int, force: bool) -> int:
    from models.demo import DemoError, load_demo

    conn = _open_or_explain()
    if conn is None:
        return 2
    try:
        summary = load_demo(conn.db, scale=scale, seed=seed, force=force, progress=lambda msg: print(msg))
    except DemoError as exc:
        print(f"fielddesk: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    print(summary)
    return 0


def cmd_service(args: argparse.Namespace) -> int:
    from telephony.service import service_command

    conn = _open_or_explain(application="fielddesk-service")
    if conn is None:
        return 2
    try:
        return service_command(conn.db, host=args.ami_host, port=args.ami_port, user=args.ami_user,
                               spool=args.spool, sla_minutes=args.sla_minutes,
                               escalation_seconds=args.escalation_interval, remind_before_minutes=args.remind_before)
    finally:
        conn.close()


def cmd_simulate_calls(args: argparse.Namespace) -> int:
    from telephony.scenarios import SCENARIOS
    from telephony.simulator import simulate_calls_command

    numbers = args.numbers
    if not numbers:  # ring with real demo clients when a database is at hand
        from models.calls import sample_client_numbers

        conn = _open_or_explain()
        if conn is not None:
            numbers = sample_client_numbers(conn.db)
            conn.close()
    return simulate_calls_command(args.host, args.port, args.user, args.secret, scenarios=args.scenario or SCENARIOS,
                                  rate=args.rate, count=args.count, numbers=numbers, speed=args.speed)


if __name__ == "__main__":
    sys.exit(main())

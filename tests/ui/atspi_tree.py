"""Print what assistive technology sees of one running application: its AT-SPI tree as JSON.

Run by Debian's own Python, which has python3-pyatspi (the project's .venv has no GObject
bindings), with the session bus of the application in DBUS_SESSION_BUS_ADDRESS:

    /usr/bin/python3 tests/ui/atspi_tree.py --pid 1234 [--timeout 15] [--all]
    /usr/bin/python3 tests/ui/atspi_tree.py --pid 1234 --press NAME
    /usr/bin/python3 tests/ui/atspi_tree.py --list

It waits, polling until a deadline, for the process to be on the AT-SPI bus with a window
showing, then prints {"role", "name", "description", "states", "relations", "actions",
"children", ...} from the application down. Objects that are not showing (the stacked pages
behind the current one) are listed without their children unless --all is given. Each object
has an "id" (its D-Bus path) that relations use to name their targets.

--press NAME instead does what a screen reader user's "activate" does to the one control
showing that is named NAME (its Press or Toggle action), and prints {"pressed", "action"}: ask
again for the tree after (the objects this process saw may be gone by then). --list
prints the applications on the bus, [{"name", "pid"}], at once: asking starts the AT-SPI bus
and registry as a desktop session does.

Exit status: 0 with the tree; 2 when the application did not appear in time (stderr says which
applications were on the bus); 3 when there is not exactly one control to press.
"""

import argparse
import json
import sys
import time
from typing import Any

import pyatspi

POLL_S = 0.05
MAX_OBJECTS = 5000  # a guard against a tree that never ends (a cycle in a broken bridge)


def _nick(value: Any) -> str:
    return getattr(value, "value_nick", None) or str(value)


def _ident(accessible: Any) -> str:
    path = getattr(accessible, "path", None)
    return str(path) if path else f"#{id(accessible)}"


def _states(accessible: Any) -> list[str]:
    return sorted(_nick(state) for state in accessible.getState().get_states())


def _relations(accessible: Any) -> dict[str, list[str]]:
    relations: dict[str, list[str]] = {}
    for relation in accessible.getRelationSet():
        kind = _nick(relation.getRelationType())
        targets = [relation.getTarget(i) for i in range(relation.getNTargets())]
        relations.setdefault(kind, []).extend(_ident(t) for t in targets if t is not None)
    return relations


def _actions(accessible: Any) -> list[str]:
    try:
        action = accessible.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def _text(accessible: Any) -> str | None:
    try:
        text = accessible.queryText()
    except NotImplementedError:
        return None
    return str(text.getText(0, -1))


def describe(accessible: Any, include_hidden: bool, budget: list[int]) -> dict[str, Any]:
    budget[0] -= 1
    if budget[0] < 0:
        raise RuntimeError(f"more than {MAX_OBJECTS} objects: is the tree a cycle?")
    states = _states(accessible)
    node: dict[str, Any] = {
        "id": _ident(accessible),
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "states": states,
        "relations": _relations(accessible),
        "actions": _actions(accessible),
        "children": [],
    }
    text = _text(accessible)
    if text is not None:
        node["text"] = text
    if not include_hidden and "showing" not in states and node["role"] != "application":
        node["children_not_listed"] = accessible.childCount
        return node
    for index in range(accessible.childCount):
        child = accessible.getChildAtIndex(index)
        if child is not None:
            node["children"].append(describe(child, include_hidden, budget))
    return node


def applications() -> list[Any]:
    desktop = pyatspi.Registry.getDesktop(0)
    found = []
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None:
            found.append(app)
    return found


def _pid(app: Any) -> int | None:
    try:
        return int(app.get_process_id())
    except Exception:  # the application left the bus while we asked
        return None


def _has_window_showing(app: Any) -> bool:
    for index in range(app.childCount):
        window = app.getChildAtIndex(index)
        if window is not None and "showing" in _states(window):
            return True
    return False


def press(app: Any, name: str) -> str:
    found = []
    stack = [app]
    while stack:
        accessible = stack.pop()
        if accessible is None or "showing" not in _states(accessible):
            continue
        if accessible.name == name and ({"Press", "Toggle"} & set(_actions(accessible))):
            found.append(accessible)
        stack.extend(accessible.getChildAtIndex(i) for i in range(accessible.childCount))
    if len(found) != 1:
        print(f"{len(found)} controls named {name!r} to press", file=sys.stderr)
        sys.exit(3)
    names = _actions(found[0])
    action = "Toggle" if "Toggle" in names else "Press"
    found[0].queryAction().doAction(names.index(action))
    return action


def find_application(pid: int, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    seen: list[str] = []
    while True:
        seen = []
        for app in applications():
            app_pid = _pid(app)
            seen.append(f"{app.name or '?'} (pid {app_pid})")
            if app_pid == pid and _has_window_showing(app):
                return app
        if time.monotonic() > deadline:
            print(
                f"No application of pid {pid} with a window showing on the AT-SPI bus after "
                f"{timeout_s:g} s. On the bus: {', '.join(seen) or 'nothing'}",
                file=sys.stderr,
            )
            sys.exit(2)
        time.sleep(POLL_S)  # polling the bus until the deadline: nothing to wait on instead


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pid", type=int, help="the application's process")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for it")
    parser.add_argument("--all", action="store_true", help="also what is not showing")
    parser.add_argument("--press", metavar="NAME", help="activate the control named NAME")
    parser.add_argument("--list", action="store_true", help="only list the applications")
    args = parser.parse_args()
    if args.list:
        listed = [{"name": app.name, "pid": _pid(app)} for app in applications()]
        json.dump(listed, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if args.pid is None:
        parser.error("--pid or --list is needed")
    app = find_application(args.pid, args.timeout)
    if args.press is not None:
        action = press(app, args.press)
        json.dump({"pressed": args.press, "action": action}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    tree = describe(app, args.all, [MAX_OBJECTS])
    json.dump(tree, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

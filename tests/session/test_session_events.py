"""The session's typed events: one per change, to the listeners that asked, until they unsubscribe."""

from graphviz_app.session.state.session import Event, Session


def record(session, events=None):
    seen = []
    session.subscribe(seen.append, events)
    return seen


def test_events_are_typed_and_equal_their_names():
    assert Event.STRUCTURE == "structure" and str(Event.VALUES) == "values"
    assert {e.value for e in Event} == {
        "structure",
        "values",
        "step",
        "selection",
        "settings",
        "file",
        "training",
    }


def test_each_change_tells_each_event_once():
    s = Session()
    seen = record(s)
    s.open_source("example:net-221")
    assert sorted(seen) == ["file", "structure"]
    seen.clear()
    s.set_value("x[0]", 0.3)
    assert sorted(seen) == ["file", "values"]
    seen.clear()
    s.set_step(3)
    s.select("L")
    s.update_settings(show_locals=True)
    assert seen == ["step", "selection", "settings"]
    seen.clear()
    s.set_view("layer")
    assert sorted(seen) == ["file", "settings", "structure"]


def test_no_event_when_nothing_changed():
    s = Session()
    s.open_source("sin(x)")
    seen = record(s)
    s.update_settings(show_values=s.settings.show_values)
    s.set_step(s.step)
    s.select(s.selection)
    assert seen == []


def test_a_listener_hears_only_the_events_it_asked_for():
    s = Session()
    seen = record(s, [Event.STEP])
    s.open_source("sin(x)")
    s.set_step(2)
    assert seen == [Event.STEP]


def test_unsubscribe_stops_the_calls_and_can_be_called_twice():
    s = Session()
    seen = []
    unsubscribe = s.subscribe(seen.append)
    before = s.listener_count
    unsubscribe()
    unsubscribe()
    s.open_source("sin(x)")
    assert seen == [] and s.listener_count == before - 1


def test_a_listener_unsubscribed_by_another_during_an_event_is_not_called():
    s = Session()
    seen = []
    second = None

    def first(event):
        second()

    s.subscribe(first)
    second = s.subscribe(seen.append)
    s.open_source("sin(x)")
    assert seen == []

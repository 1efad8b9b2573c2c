"""The call state machine on Asterisk transcripts: direction, who rang, who answered, outcome, durations."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telephony.ami_protocol import Frame
from telephony.calls_fsm import CallTracker, fold
from telephony.channels import ExtensionPlan
from telephony.scenarios import ScenarioBuilder
from tests.telephony.helpers import transcript_frames

FIELDS = ("direction", "caller", "called", "extensions_rung", "answered_by", "status", "ring_seconds",
          "talk_seconds", "transferred_to")


def summary(update):
    return {name: getattr(update, name) for name in FIELDS}


EXPECTED = {
    "answered_inbound": {
        "1700000000.101": ("inbound", "73511234567", "73512200000", ("201",), "201", "ended", 7, 95, None),
    },
    "queue_ringing": {
        "1700003600.101": ("inbound", "+73517654321", "73512200000", ("201", "202", "203"), "202", "ended", 12,
                           60, None),
    },
    "missed": {
        "1700007200.101": ("inbound", "79221234567", "73512200000", ("201",), None, "missed", 20, None, None),
    },
    "queue_abandoned": {
        "1700010800.101": ("inbound", "83517000001", "73512200000", ("201", "202"), None, "missed", 25, None, None),
    },
    "blind_transfer": {
        "1700014400.101": ("inbound", "73511112233", "73512200000", ("201", "204"), "201", "ended", 5, 116, "204"),
    },
    "attended_transfer": {
        "1700018000.101": ("inbound", "73514445566", "73512200000", ("201",), "201", "ended", 4, 109, "202"),
        # the consultation call 201 → 202 stays on record, closed at the moment of the transfer
        "1700018024.103": ("internal", "201", "202", ("202",), "202", "ended", 4, 15, None),
    },
    "outbound_originate": {
        "1700021600.101": ("outbound", "201", "79001234567", (), None, "ended", 11, 45, None),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_transcript_gives_the_expected_calls(name):
    calls = fold(transcript_frames(name))
    assert {key: summary(update) for key, update in calls.items()} == {
        key: dict(zip(FIELDS, values, strict=True)) for key, values in EXPECTED[name].items()
    }


def test_an_answered_call_goes_ringing_answered_ended_with_its_times():
    tracker = CallTracker()
    updates = [u for f in transcript_frames("answered_inbound") for u in tracker.feed(f)]
    statuses = [u.status for u in updates]
    assert (statuses[0], statuses[-1]) == ("ringing", "ended")
    assert "answered" in statuses
    final = updates[-1]
    start = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert final.started_at == start
    assert final.answered_at is not None and round((final.answered_at - start).total_seconds()) == 7
    assert final.describe() == ("call 1700000000.101 inbound 73511234567 → 201 answered by 201 ring 7s talk 95s")
    assert tracker.active_calls() == []


def _move(frames, what, before):
    """Move the first frame matching ``what`` to just before the first frame matching ``before``."""
    frames = list(frames)
    item = frames.pop(next(i for i, f in enumerate(frames) if what(f)))
    frames.insert(next(i for i, f in enumerate(frames) if before(f)), item)
    return frames


def _is(event, **fields):
    return lambda f: f.event == event and all(f.get(k) == v for k, v in fields.items())


def test_dial_end_arriving_after_bridge_enter_gives_the_same_call():
    frames = transcript_frames("answered_inbound")
    swapped = _move(frames, _is("DialEnd", DialStatus="ANSWER"), _is("Hangup"))
    assert swapped != frames
    assert fold(swapped) == fold(frames)


def test_a_legs_hangup_before_another_legs_dial_end_gives_the_same_call():
    frames = transcript_frames("queue_ringing")
    first_cancel = next(f for f in frames if f.event == "DialEnd" and f.get("DialStatus") == "CANCEL")
    device = first_cancel.get("DestChannel")
    reordered = _move(frames, _is("Hangup", Cause="26"), _is("DialEnd", DialStatus="ANSWER"))
    reordered = _move(reordered, lambda f: f is first_cancel, _is("Hangup", Channel=device))
    assert reordered != frames
    assert fold(reordered) == fold(frames)


def test_an_answer_reported_after_the_last_hangup_turns_missed_into_ended():
    frames = transcript_frames("answered_inbound")
    answer = next(f for f in frames if f.event == "DialEnd")
    late = [f for f in frames if f.event != "DialEnd"] + [answer]
    tracker = CallTracker()
    statuses = [u.status for f in late for u in tracker.feed(f)]
    assert statuses[-2:] == ["missed", "ended"]
    assert summary(fold(late)["1700000000.101"]) == summary(fold(frames)["1700000000.101"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_event_twice_changes_nothing(name):
    frames = transcript_frames(name)
    doubled = [copy for f in frames for copy in (f, f)]
    assert fold(doubled) == fold(frames)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EXPECTED)), st.data())
def test_duplicates_anywhere_later_in_the_stream_change_nothing(name, data):
    frames = transcript_frames(name)
    stream = list(frames)
    for _ in range(data.draw(st.integers(1, 8))):
        original = data.draw(st.integers(0, len(frames) - 1))
        position = stream.index(frames[original]) + 1
        stream.insert(data.draw(st.integers(position, len(stream))), frames[original])
    assert fold(stream) == fold(frames)


def test_extension_comes_from_the_channel_name_not_the_caller_id():
    # Originate sets the callee's number as the caller id of the user's own phone channel.
    calls = fold(transcript_frames("outbound_originate"))
    (call,) = calls.values()
    assert call.caller == "201"
    assert call.extension == "201"


def test_local_channel_halves_are_not_counted_as_extensions():
    calls = fold(transcript_frames("queue_ringing"))
    (call,) = calls.values()
    assert all("Local" not in ext and "@" not in ext for ext in call.extensions_rung)
    assert call.extensions_rung == ("201", "202", "203")


def test_a_trunk_that_looks_like_an_extension_is_declared_in_the_plan():
    b = ScenarioBuilder(epoch=1700000000.0, trunk="1000")
    frames = [f for _, f in b.answered("73511234567", 1700000000.0)]
    assert fold(frames)["1700000000.101"].direction != "inbound"
    plan = ExtensionPlan(trunks=frozenset({"1000"}))
    assert fold(frames, plan)["1700000000.101"].direction == "inbound"


def test_a_withheld_caller_is_anonymous():
    b = ScenarioBuilder(epoch=1700000000.0)
    frames = [f for _, f in b.missed("<unknown>", 1700000000.0)]
    assert fold(frames)["1700000000.101"].caller == "anonymous"


def test_events_of_a_call_never_seen_start_nothing():
    frames = transcript_frames("answered_inbound")
    tail = frames[[f.event for f in frames].index("BridgeLeave"):]
    assert fold(tail) == {}


def test_without_timestamps_there_are_no_durations_but_the_start_comes_from_the_uniqueid():
    b = ScenarioBuilder(epoch=1700000000.0, timestamps=False)
    call = fold([f for _, f in b.answered("73511234567", 1700000000.0)])["1700000000.101"]
    assert (call.status, call.answered_by, call.ring_seconds, call.talk_seconds) == ("ended", "201", None, None)
    assert call.started_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def test_reconcile_closes_a_call_whose_hangups_were_lost_while_disconnected():
    frames = transcript_frames("answered_inbound")
    tracker = CallTracker()
    cut = [f.event for f in frames].index("BridgeLeave")
    for f in frames[:cut]:
        tracker.feed(f)
    at = datetime(2023, 11, 14, 22, 20, tzinfo=UTC)
    (final,) = tracker.reconcile([], at)
    assert (final.status, final.answered_by, final.ended_at) == ("ended", "201", at)
    assert tracker.active_calls() == []


def test_reconcile_learns_a_live_call_and_an_answer_it_missed():
    b = ScenarioBuilder(epoch=1700000000.0)
    frames = [f for _, f in b.answered("73511234567", 1700000000.0)]
    tracker = CallTracker()
    for f in frames[: [f.event for f in frames].index("DialEnd")]:
        tracker.feed(f)
    trunk, phone = (next(f for f in frames if f.event == "Newchannel" and f.get("Channel").startswith(p))
                    for p in ("PJSIP/megafon", "PJSIP/201"))

    def live(frame: Frame) -> Frame:
        return Frame.of(("Event", "CoreShowChannel"), ("ActionID", "fd-2"), ("Channel", frame.get("Channel")),
                        ("CallerIDNum", frame.get("CallerIDNum")), ("Exten", frame.get("Exten")),
                        ("Uniqueid", frame.get("Uniqueid")), ("Linkedid", frame.get("Linkedid")),
                        ("ChannelStateDesc", "Up"), ("BridgeId", "b-1"), ("Duration", "00:00:30"))

    at = datetime(2023, 11, 14, 22, 13, 50, tzinfo=UTC)
    (update,) = tracker.reconcile([live(trunk), live(phone)], at)
    assert (update.status, update.answered_by, update.answered_at) == ("answered", "201", at)
    # A tracker that starts in the middle (a service restart) learns the call from the channel list alone.
    fresh = CallTracker()
    (learnt,) = fresh.reconcile([live(trunk), live(phone)], at)
    assert (learnt.direction, learnt.caller, learnt.status, learnt.answered_by) == (
        "inbound", "73511234567", "answered", "201")
    assert learnt.started_at == at - timedelta(seconds=30)


def test_calls_idle_for_too_long_are_closed():
    frames = transcript_frames("missed")
    tracker = CallTracker()
    for f in frames[:4]:
        tracker.feed(f)
    assert tracker.expire(datetime(2023, 11, 15, 0, 20, tzinfo=UTC), timedelta(hours=12)) == []
    (closed,) = tracker.expire(datetime(2023, 11, 15, 13, 0, tzinfo=UTC), timedelta(hours=12))
    assert closed.status == "missed"


def test_a_recording_file_is_kept_with_the_call():
    frames = transcript_frames("answered_inbound")
    trunk = next(f for f in frames if f.event == "Newchannel")
    record = Frame.of(("Event", "VarSet"), ("Channel", trunk.get("Channel")),
                      ("Uniqueid", trunk.get("Uniqueid")), ("Linkedid", trunk.get("Linkedid")),
                      ("Variable", "MIXMONITOR_FILENAME"), ("Value", "/var/spool/asterisk/monitor/in-201.wav"))
    calls = fold([*frames[:3], record, *frames[3:]])
    assert calls["1700000000.101"].recording_url == "/var/spool/asterisk/monitor/in-201.wav"

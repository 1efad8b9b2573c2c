"""The AMI frame parser: CRLF or LF, repeated keys, banner, garbage and truncation skipped, any chunking."""

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telephony.ami_protocol import Frame, FrameParser, build_action, parse_stream

STREAM = (
    b"Asterisk Call Manager/5.0.1\r\n"
    b"Response: Success\r\nActionID: fd-1\r\nMessage: Authentication accepted\r\n\r\n"
    b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
    b"Event: OriginateResponse\r\nPrivilege: call,all\r\nResponse: Success\r\nChannel: PJSIP/201-0000001a\r\n"
    b"Variable: FIELDDESK_DIALLED=79001234567\r\nVariable: ORIGIN=fielddesk\r\nCallerIDName: \r\n\r\n"
)


def test_frames_keep_every_pair_of_repeated_keys_and_the_banner():
    banner, frames = parse_stream(STREAM)
    assert banner == "Asterisk Call Manager/5.0.1"
    assert [f.name for f in frames] == ["Response:Success", "FullyBooted", "OriginateResponse"]
    originate = frames[2]
    assert originate.get_all("variable") == ["FIELDDESK_DIALLED=79001234567", "ORIGIN=fielddesk"]
    assert originate.variables() == {"FIELDDESK_DIALLED": "79001234567", "ORIGIN": "fielddesk"}
    assert originate.get("CallerIDName") == ""
    assert frames[0].action_id == "fd-1"


def test_bare_lf_is_accepted_like_crlf():
    assert parse_stream(STREAM.replace(b"\r\n", b"\n")) == parse_stream(STREAM)


def test_garbage_and_frames_without_event_are_skipped_and_the_stream_goes_on(caplog):
    caplog.set_level(logging.WARNING)
    parser = FrameParser()
    data = (b"Asterisk Call Manager/5.0.1\r\n"
            b"\x00\xff random noise without colon\r\nmore noise\r\n\r\n"
            b"Foo: bar\r\n\r\n"
            b"Event: Hangup\r\nthis line is junk\r\nUniqueid: 1700000000.1\r\n\r\n"
            b"Event: Newchannel\r\nUniqueid: 1700000000.2\r\n\r\n")
    frames = parser.feed(data)
    assert [(f.event, f.get("Uniqueid")) for f in frames] == [("Hangup", "1700000000.1"),
                                                              ("Newchannel", "1700000000.2")]
    assert parser.skipped == 2
    assert "no Event, Response or Action" in caplog.text
    assert "malformed lines" in caplog.text


def test_a_frame_cut_short_is_dropped_when_the_connection_ends(caplog):
    parser = FrameParser()
    assert parser.feed(b"Event: Newchannel\r\nUniqueid: 1.1\r\n\r\nEvent: Hangup\r\nUniqu") != []
    assert parser.close() == []
    assert parser.skipped == 1
    assert "ended inside a frame" in caplog.text


def test_a_capture_whose_last_frame_lacks_the_blank_line_keeps_it():
    _banner, frames = parse_stream(b"Event: Hangup\r\nUniqueid: 1.1\r\n")
    assert [f.event for f in frames] == ["Hangup"]


def test_an_oversized_frame_is_skipped():
    parser = FrameParser(max_frame_bytes=100)
    frames = parser.feed(b"Event: Big\r\n" + b"".join(b"K%d: %s\r\n" % (i, b"x" * 20) for i in range(20))
                         + b"\r\nEvent: Small\r\n\r\n")
    assert [f.event for f in frames] == ["Small"]
    assert parser.skipped == 1


@given(st.lists(st.integers(min_value=1, max_value=len(STREAM)), max_size=12))
def test_any_split_of_the_byte_stream_gives_the_same_frames(cuts):
    parser = FrameParser()
    frames: list[Frame] = []
    previous = 0
    for cut in sorted(set(cuts)):
        frames += parser.feed(STREAM[previous:cut])
        previous = cut
    frames += parser.feed(STREAM[previous:])
    assert frames == parse_stream(STREAM)[1]
    assert parser.banner == "Asterisk Call Manager/5.0.1"


def test_actions_are_encoded_with_crlf_and_refuse_injected_lines():
    wire = build_action("Originate", [("Channel", "PJSIP/201"), ("Variable", "A=1"), ("Variable", "B=2")], "fd-7")
    assert wire == (b"Action: Originate\r\nActionID: fd-7\r\nChannel: PJSIP/201\r\n"
                    b"Variable: A=1\r\nVariable: B=2\r\n\r\n")
    with pytest.raises(ValueError, match="line break"):
        build_action("Originate", {"Exten": "201\r\nAction: Command"}, "fd-8")


def test_timestamp_header_becomes_an_aware_datetime():
    frame = Frame.of(("Event", "Hangup"), ("Timestamp", "1700000000.250000"))
    assert frame.timestamp is not None and frame.timestamp.isoformat() == "2023-11-14T22:13:20.250000+00:00"
    assert Frame.of(("Event", "Hangup"), ("Timestamp", "soon")).timestamp is None

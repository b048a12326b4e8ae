"""Watching replays in the window: the replay browser, the viewer, its panels and the fork dialog.

    browser      the list of saved replays; open a file in the viewer; play on from a frame
    viewer       the viewer scene: the board over a replay, transport, seek bar, chart
    panels       the viewer's drawn parts (seek bar, chart, decision, help)
    files        scanning the replays folder (no pygame)
    fork_dialog  "Run from here" / "Play from here"
"""

"""Editathon events: a worklist snapshot saved before, progress measured after."""

"""Resources: what the emulator holds, browsed, described and deleted (the Resources tab, lambdadesk ls)."""

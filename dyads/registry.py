"""catalogue registries: where a plugin can add a choice (source readers, exporters).

Built-ins register through the same decorators a plugin would use; a plugin
package adds its own through the `dyads_readers` / `dyads_exporters` entry
points. Names are dotted and versioned: `dyads.warc.v1`, `dyads.gdelt.v1`.
"""

from __future__ import annotations

import catalogue

readers = catalogue.create("dyads", "readers", entry_points=True)
exporters = catalogue.create("dyads", "exporters", entry_points=True)

from django.core.management.base import BaseCommand

from office import search
from office.models import SearchEntry
from office.registry import registry


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every registered search source from the records "
        "(after a bulk load that bypassed save, or a change of what a source indexes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only the sources whose index is empty while they have records (a first "
            "start, an upgrade, a newly installed app).",
        )

    def handle(self, *args, if_empty=False, **options):
        sources = registry.search_sources
        if if_empty:
            sources = [
                source
                for source in sources
                if source.model._default_manager.exists()
                and not SearchEntry.objects.filter(source=source.key).exists()
            ]
        counts = search.rebuild(sources)
        total = sum(counts.values())
        self.stdout.write(
            f"search index rebuilt: {total} records ({', '.join(f'{k} {v}' for k, v in counts.items())})"
        )

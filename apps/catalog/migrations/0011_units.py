"""Units of measure become data (issue 17, item 3): a Unit row for each former choice,
under the same code, and a row for any other code a part holds; Part.unit then points at
Unit by code, so the column and its values (imports, exports, API, demo COPY) stay."""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


# The former UnitOfMeasure choices: code, name, whether quantities may have decimals.
UNITS = [
    ("pcs", "pieces", False),
    ("m", "metres", True),
    ("kg", "kilograms", True),
    ("g", "grams", True),
    ("l", "litres", True),
    ("ml", "millilitres", True),
    ("pack", "packs", False),
    ("box", "boxes", False),
    ("roll", "rolls", False),
    ("set", "sets", False),
]


def create_units(apps, schema_editor):
    Unit = apps.get_model("catalog", "Unit")
    Part = apps.get_model("catalog", "Part")
    by_lower = {}
    for code, name, fractions in UNITS:
        by_lower[code] = Unit.objects.create(code=code, name=name, allows_fractions=fractions)
    used = Part.objects.order_by().values_list("unit", flat=True).distinct()
    for code in list(used):
        known = by_lower.get(code.lower())
        if known is None:
            # A code outside the choices (written around the form): kept as its own unit,
            # taking fractions so no quantity already stored becomes invalid.
            by_lower[code.lower()] = Unit.objects.create(code=code, name=code, allows_fractions=True)
        elif known.code != code:
            Part.objects.filter(unit=code).update(unit=known.code)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_part_updated_at_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='Short code shown after quantities (pcs, m, kg); cannot change later.', max_length=16, unique=True)),
                ('name', models.CharField(help_text='What it is called, e.g. pieces, metres.', max_length=60)),
                ('allows_fractions', models.BooleanField(default=False, help_text='Quantities may have decimals (1.5 m); off for things counted whole (pcs).', verbose_name='allows fractions')),
            ],
            options={
                'ordering': ['code'],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('code'), name='unit_code_case_insensitive_unique')],
            },
        ),
        migrations.RunPython(create_units, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='part',
            name='unit',
            field=models.ForeignKey(db_column='unit', default='pcs', on_delete=django.db.models.deletion.PROTECT, related_name='parts', to='catalog.unit', to_field='code', verbose_name='unit of measure'),
        ),
    ]

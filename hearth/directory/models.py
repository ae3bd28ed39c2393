"""The resource directory: Open Referral HSDS 3.0's core objects, one model per HSDS table.

Design rules (see docs/decisions/0030-directory-is-shared-public-data.md):

- Every row keeps its **HSDS id** as its primary key (a string, a UUID in HSDS 3.0), so
  re-importing a publisher's data updates rows in place and exports give the same ids back.
- Field names are the HSDS field names, so the tabular format maps one column to one field.
  Optional HSDS text is stored as ``""`` (never NULL); optional numbers and dates as NULL.
- **Hard references** (a row that means nothing without its parent: an address without its
  location, a service at a location without its service) are real foreign keys with database
  constraints; the importer rejects a row that names a parent it cannot find.
- **Soft references** (a parent organisation, a taxonomy term's parent or taxonomy, a
  contact's organisation, a location's organisation) are foreign keys *without* a database
  constraint (``db_constraint=False``): HSDS data routinely points at records published
  elsewhere (the official example does), so the id is kept exactly as given and joins simply
  find nothing. Code reads the raw ``<field>_id`` value, never the descriptor, for these.
- The polymorphic ``attribute.link_id`` and ``metadata.resource_id`` are plain strings
  (they can point at any table), as in HSDS.
- The directory is deployment-wide public data, not tenant data: no ``organisation`` column.
  What Hearth staff keep around it (a participant's saved list, suggested corrections) is
  tenant data, at the end of this module.
  ``Organization`` here is an HSDS organisation (a provider), not a Hearth tenant
  (``organisations.Organisation``).

``created_at``/``updated_at`` are Hearth's bookkeeping, not HSDS fields.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField
from hearth.core.models import TenantModel, TimeStampedModel

HSDS_ID_LENGTH = 250


def _id_field():
    return models.CharField(_("HSDS id"), primary_key=True, max_length=HSDS_ID_LENGTH)


def _hard(to: str, related_name: str, *, null: bool = True, on_delete=models.CASCADE):
    """A reference the row cannot do without when it is given (checked on import)."""
    return models.ForeignKey(
        to, on_delete=on_delete, null=null, blank=null, related_name=related_name
    )


def _soft(to: str, related_name: str):
    """A reference that may point outside this directory: kept as given, no DB constraint."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _text(label: str, *, required: bool = False):
    if required:
        return models.TextField(label)
    return models.TextField(label, blank=True, default="")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class HSDSModel(TimeStampedModel):
    """Base of every HSDS table: the HSDS id as primary key."""

    id = _id_field()

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return str(getattr(self, "name", "") or self.id)


# --- Taxonomies -------------------------------------------------------------------------


class Taxonomy(HSDSModel):
    name = _text(_("name"), required=True)
    description = _text(_("description"), required=True)
    uri = models.URLField(_("URI"), max_length=2000, blank=True, default="")
    version = models.CharField(_("version"), max_length=100, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")


class TaxonomyTerm(HSDSModel):
    code = models.CharField(_("code"), max_length=250, blank=True, default="")
    name = _text(_("name"), required=True)
    description = _text(_("description"), required=True)
    parent = _soft("self", "children")
    # HSDS keeps both a free-text taxonomy name and a reference to a taxonomy record.
    taxonomy = models.CharField(_("taxonomy (name)"), max_length=250, blank=True, default="")
    language = models.CharField(_("language"), max_length=20, blank=True, default="")
    taxonomy_detail = _soft("directory.Taxonomy", "terms")
    term_uri = models.URLField(_("term URI"), max_length=2000, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        indexes = [models.Index(fields=["code"])]

    # HSDS calls the reference ``taxonomy_id``; Django's column for ``taxonomy_detail`` is
    # ``taxonomy_detail_id``. The importer/exporter map the name (see hsds/tables.py).


# --- Organisations and programmes -------------------------------------------------------


class Organization(HSDSModel):
    """An HSDS organisation: the provider of services (not a Hearth tenant)."""

    name = _text(_("name"), required=True)
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"), required=True)
    email = models.EmailField(_("email"), max_length=320, blank=True, default="")
    website = models.URLField(_("website"), max_length=2000, blank=True, default="")
    tax_status = models.CharField(_("tax status"), max_length=250, blank=True, default="")
    tax_id = models.CharField(_("tax id"), max_length=250, blank=True, default="")
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True
    )
    legal_status = models.CharField(_("legal status"), max_length=250, blank=True, default="")
    logo = models.CharField(_("logo"), max_length=2000, blank=True, default="")
    uri = models.URLField(_("URI"), max_length=2000, blank=True, default="")
    parent_organization = _soft("self", "child_organizations")

    class Meta(HSDSModel.Meta):
        verbose_name = _("provider organisation")
        verbose_name_plural = _("provider organisations")


class OrganizationIdentifier(HSDSModel):
    organization = _hard("directory.Organization", "organization_identifiers")
    identifier_scheme = models.CharField(
        _("identifier scheme"), max_length=250, blank=True, default=""
    )
    identifier_type = _text(_("identifier type"), required=True)
    identifier = _text(_("identifier"), required=True)

    class Meta(HSDSModel.Meta):
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")


class Program(HSDSModel):
    organization = _hard("directory.Organization", "programs")
    name = _text(_("name"), required=True)
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"), required=True)

    class Meta(HSDSModel.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


# --- Services ---------------------------------------------------------------------------


class Service(HSDSModel):
    organization = _hard("directory.Organization", "services")
    program = _hard("directory.Program", "services", on_delete=models.SET_NULL)
    name = _text(_("name"), required=True)
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"))
    url = models.URLField(_("website"), max_length=2000, blank=True, default="")
    email = models.EmailField(_("email"), max_length=320, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = _text(_("interpretation services"))
    application_process = _text(_("how to apply"))
    fees_description = _text(_("fees"))
    wait_time = _text(_("wait time"))
    fees = _text(_("fees (deprecated field)"))
    accreditations = _text(_("accreditations"))
    eligibility_description = _text(_("who can use it"))
    minimum_age = models.FloatField(_("minimum age"), null=True, blank=True)
    maximum_age = models.FloatField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("assured on"), null=True, blank=True)
    assurer_email = models.EmailField(
        _("assured by (email)"), max_length=320, blank=True, default=""
    )
    licenses = _text(_("licences"))
    alert = _text(_("alert"))
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True)

    class Meta(HSDSModel.Meta):
        ordering = ["name", "id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["last_modified"]),
        ]


class Funding(HSDSModel):
    organization = _hard("directory.Organization", "funding")
    service = _hard("directory.Service", "funding")
    source = _text(_("source"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("funding")
        verbose_name_plural = _("funding")


class CostOption(HSDSModel):
    service = _hard("directory.Service", "cost_options")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = _text(_("option"))
    currency = models.CharField(_("currency"), max_length=10, blank=True, default="")
    amount = models.FloatField(_("amount"), null=True, blank=True)
    amount_description = _text(_("amount description"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")


class RequiredDocument(HSDSModel):
    service = _hard("directory.Service", "required_documents")
    document = _text(_("document"))
    uri = models.URLField(_("URI"), max_length=2000, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")


class ServiceArea(HSDSModel):
    service = _hard("directory.Service", "service_areas")
    name = _text(_("name"))
    description = _text(_("description"))
    extent = _text(_("extent"))
    extent_type = models.CharField(_("extent type"), max_length=100, blank=True, default="")
    uri = models.CharField(_("URI"), max_length=2000, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


# --- Locations --------------------------------------------------------------------------


class Location(HSDSModel):
    location_type = models.CharField(
        _("location type"), max_length=10, choices=LocationType.choices
    )
    url = models.URLField(_("website"), max_length=2000, blank=True, default="")
    organization = _soft("directory.Organization", "locations")
    name = _text(_("name"))
    alternate_name = _text(_("alternate name"))
    description = _text(_("description"))
    transportation = _text(_("getting there"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(
        _("external identifier"), max_length=250, blank=True, default=""
    )
    external_identifier_type = models.CharField(
        _("external identifier type"), max_length=250, blank=True, default=""
    )

    class Meta(HSDSModel.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [models.Index(fields=["latitude", "longitude"])]


class ServiceAtLocation(HSDSModel):
    service = _hard("directory.Service", "service_at_locations", null=False)
    location = _hard("directory.Location", "service_at_locations", null=False)
    description = _text(_("description"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")


class Address(HSDSModel):
    location = _hard("directory.Location", "addresses")
    attention = _text(_("attention"))
    address_1 = _text(_("address line 1"), required=True)
    address_2 = _text(_("address line 2"))
    city = models.CharField(_("city"), max_length=250)
    region = models.CharField(_("region"), max_length=250, blank=True, default="")
    state_province = models.CharField(_("state or province"), max_length=250)
    postal_code = models.CharField(_("postal code"), max_length=50)
    country = models.CharField(_("country"), max_length=10)
    address_type = models.CharField(_("address type"), max_length=10, choices=LocationType.choices)

    class Meta(HSDSModel.Meta):
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [models.Index(fields=["postal_code"])]


class Accessibility(HSDSModel):
    location = _hard("directory.Location", "accessibility")
    description = _text(_("description"))
    details = _text(_("details"))
    url = models.URLField(_("URL"), max_length=2000, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")


# --- Contacts, phones, languages, schedules ---------------------------------------------


class Contact(HSDSModel):
    organization = _soft("directory.Organization", "contacts")
    service = _hard("directory.Service", "contacts")
    service_at_location = _soft("directory.ServiceAtLocation", "contacts")
    location = _hard("directory.Location", "contacts")
    name = _text(_("name"))
    title = _text(_("title"))
    department = _text(_("department"))
    email = models.EmailField(_("email"), max_length=320, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class Phone(HSDSModel):
    location = _hard("directory.Location", "phones")
    service = _hard("directory.Service", "phones")
    organization = _hard("directory.Organization", "phones")
    contact = _hard("directory.Contact", "phones")
    service_at_location = _hard("directory.ServiceAtLocation", "phones")
    number = models.CharField(_("number"), max_length=100)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=50, blank=True, default="")
    description = _text(_("description"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("phone")
        verbose_name_plural = _("phones")


class Language(HSDSModel):
    service = _hard("directory.Service", "languages")
    location = _hard("directory.Location", "languages")
    phone = _hard("directory.Phone", "languages")
    name = models.CharField(_("name"), max_length=250, blank=True, default="")
    code = models.CharField(_("code"), max_length=20, blank=True, default="")
    note = _text(_("note"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        indexes = [models.Index(fields=["code"])]


class Schedule(HSDSModel):
    """RFC 5545-style opening hours, as HSDS 3.0 has them (``freq``/``byday``/...)."""

    service = _hard("directory.Service", "schedules")
    location = _hard("directory.Location", "schedules")
    service_at_location = _hard("directory.ServiceAtLocation", "schedules")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("starts"), null=True, blank=True)
    timezone = models.FloatField(_("UTC offset (hours)"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    wkst = models.CharField(
        _("week starts"), max_length=2, choices=Weekday.choices, blank=True, default=""
    )
    freq = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, blank=True, default=""
    )
    interval = models.PositiveIntegerField(_("interval"), null=True, blank=True)
    byday = models.CharField(_("on days"), max_length=250, blank=True, default="")
    byweekno = models.CharField(_("in weeks"), max_length=250, blank=True, default="")
    bymonthday = models.CharField(_("on days of the month"), max_length=250, blank=True, default="")
    byyearday = models.CharField(_("on days of the year"), max_length=250, blank=True, default="")
    description = _text(_("description"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(_("schedule link"), max_length=2000, blank=True, default="")
    attending_type = _text(_("how to attend"))
    notes = _text(_("notes"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")


# --- Attributes and metadata (polymorphic links) ----------------------------------------


class Attribute(HSDSModel):
    """Links a taxonomy term to any HSDS record (``link_id`` + ``link_entity``)."""

    link_id = models.CharField(
        _("linked record id"), max_length=HSDS_ID_LENGTH, blank=True, default=""
    )
    taxonomy_term = _hard("directory.TaxonomyTerm", "attributes")
    link_type = models.CharField(_("link type"), max_length=250, blank=True, default="")
    link_entity = models.CharField(_("linked table"), max_length=100, blank=True, default="")
    value = _text(_("value"))

    class Meta(HSDSModel.Meta):
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        indexes = [
            models.Index(fields=["link_id"]),
            models.Index(fields=["taxonomy_term", "link_id"]),
        ]


class Metadata(HSDSModel):
    """HSDS change history of a record's field (who changed what, when)."""

    resource_id = models.CharField(
        _("record id"), max_length=HSDS_ID_LENGTH, blank=True, default=""
    )
    resource_type = models.CharField(_("record type"), max_length=100, blank=True, default="")
    last_action_date = models.DateField(_("changed on"))
    last_action_type = models.CharField(_("change"), max_length=100)
    field_name = models.CharField(_("field"), max_length=250)
    previous_value = _text(_("previous value"))
    replacement_value = _text(_("new value"))
    updated_by = models.CharField(_("changed by"), max_length=250)

    class Meta(HSDSModel.Meta):
        verbose_name = _("metadata")
        verbose_name_plural = _("metadata")
        indexes = [models.Index(fields=["resource_id"])]


class MetaTableDescription(HSDSModel):
    name = models.CharField(_("name"), max_length=250, blank=True, default="")
    language = models.CharField(_("language"), max_length=20, blank=True, default="")
    character_set = models.CharField(_("character set"), max_length=50, blank=True, default="")

    class Meta(HSDSModel.Meta):
        verbose_name = _("table description")
        verbose_name_plural = _("table descriptions")


# --- Hearth's own records around the directory (tenant data) ----------------------------


class SavedResource(TenantModel):
    """A service saved to a participant's list ("places we talked about"), to print, text
    or email to them. Belongs to the participant's organisation."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="saved_resources"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    note = EncryptedTextField(_("note for the participant"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("saved resource")
        verbose_name_plural = _("saved resources")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "service"], name="one_saved_resource_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"Saved resource {self.public_id}"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    APPLIED = "applied", _("Applied")
    DISMISSED = "dismissed", _("Dismissed")


class ListingCorrection(TenantModel):
    """A staff member's suggested correction to one field of a listing. An organisation
    admin applies it (recorded as HSDS metadata) or dismisses it."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="corrections")
    field_name = models.CharField(_("what is wrong"), max_length=50)
    current_value = models.TextField(_("the listing says"), blank=True)
    proposed_value = models.TextField(_("it should say"))
    note = models.TextField(_("how you know"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("listing correction")
        verbose_name_plural = _("listing corrections")
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Correction {self.public_id}"

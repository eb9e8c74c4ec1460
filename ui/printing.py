"""Printing a receipt (QtPrintSupport): the reference, what happens next, the QR code."""

import html

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.formatting import clock_time, keep_numbers_whole, long_date
from kiosk.i18n import _
from kiosk.submission import Receipt
from kiosk.tickets.model import Issued
from ui import receipt_text
from ui.widgets.qr import qr_image


def system_printer() -> QPrinter | None:
    """The kiosk's printer, or None when the machine has none."""
    if not QPrinterInfo.availablePrinters():
        return None
    return QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)


def pdf_printer(path: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    return printer


def receipt_document(receipt: Receipt, council: str, rtl: bool = False) -> QTextDocument:
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource,
        QUrl("qr://receipt"),
        qr_image(receipt.tracking_url),
    )
    e = _escaped
    # Translated outside the f-strings below: the catalogue's extractor cannot see into them.
    words = {
        "reference": _("Your reference number"),
        "sent": _("Sent on {date}").format(date=long_date(receipt.submitted_at.date())),
        "next": _("What happens next"),
        "passed": _("We have passed this on to"),
        "follow": _("Follow your request online: {url}").format(url=receipt.tracking_url),
    }
    direction = "rtl" if rtl else "ltr"
    parts = [
        f'<div dir="{direction}" style="font-family: sans-serif; font-size: 12pt;">',
        f"<h2>{e(council)}</h2>",
        f"<h1>{e(_(receipt.form_title))}</h1>",
        f"<p>{e(words['reference'])}</p>",
        f'<p style="font-size: 22pt; font-weight: bold;">{e(receipt.reference)}</p>',
        f"<p>{e(words['sent'])}</p>",
        f"<h3>{e(words['next'])}</h3><ul>",
        *[f"<li>{e(line)}</li>" for line in receipt_text.steps(receipt)],
        "</ul>",
    ]
    if receipt.departments:
        parts.append(f"<h3>{e(words['passed'])}</h3><ul>")
        parts += [f"<li>{e(name)}</li>" for name in receipt_text.departments(receipt)]
        parts.append("</ul>")
    parts += [
        '<p><img src="qr://receipt" width="140" height="140"></p>',
        f"<p>{e(words['follow'])}</p>",
        "</div>",
    ]
    document.setHtml("".join(parts))
    return document


def ticket_document(
    issued: Issued, service_name: str, follow_url: str, council: str, rtl: bool = False
) -> QTextDocument:
    """A queue ticket: the number as large as the paper allows, the service, the time taken,
    and the QR code to follow the queue. Nothing about why the citizen came."""
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl("qr://ticket"), qr_image(follow_url)
    )
    e = _escaped
    ticket = issued.ticket
    words = {
        "number": _("Your ticket number"),
        "service": _("For: {service}").format(service=service_name),
        "taken": _("Taken at {time} on {date}").format(
            time=clock_time(ticket.issued_at.astimezone().time()),
            date=long_date(ticket.issued_at.astimezone().date()),
        ),
        "listen": _("Listen for your number and watch the screen."),
        "follow": _("Scan this code to see your place in the queue on your phone."),
    }
    direction = "rtl" if rtl else "ltr"
    document.setHtml(
        "".join(
            [
                f'<div dir="{direction}" style="font-family: sans-serif; font-size: 12pt;">',
                f"<h3>{e(council)}</h3>",
                f"<p>{e(words['number'])}</p>",
                f'<p align="center" style="font-size: 48pt; font-weight: bold;">'
                f"{e(ticket.number)}</p>",
                f"<h2>{e(words['service'])}</h2>",
                f"<p>{e(words['taken'])}</p>",
                f"<p>{e(words['listen'])}</p>",
                '<p><img src="qr://ticket" width="120" height="120"></p>',
                f"<p>{e(words['follow'])}</p>",
                "</div>",
            ]
        )
    )
    return document


def _print(document: QTextDocument, printer: QPrinter) -> None:
    # Receipt printers are narrow; an A4 page works too. Let the page size come from the printer.
    printer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    document.print_(printer)


def _escaped(text: str) -> str:
    """Plain text for the printed page: never markup, and phone numbers kept whole."""
    return html.escape(keep_numbers_whole(text))


def print_receipt(receipt: Receipt, printer: QPrinter, council: str, rtl: bool = False) -> None:
    _print(receipt_document(receipt, council, rtl), printer)


def print_ticket(
    issued: Issued,
    service_name: str,
    follow_url: str,
    printer: QPrinter,
    council: str,
    rtl: bool = False,
) -> None:
    _print(ticket_document(issued, service_name, follow_url, council, rtl), printer)

from django.http import Http404

def start(request, *a, **k):
    raise Http404


def choose_office(request, *a, **k):
    raise Http404


def choose_day(request, *a, **k):
    raise Http404


def choose_time(request, *a, **k):
    raise Http404


def details(request, *a, **k):
    raise Http404


def confirm(request, *a, **k):
    raise Http404


def done(request, *a, **k):
    raise Http404


def manage(request, *a, **k):
    raise Http404


def ics_download(request, *a, **k):
    raise Http404


def change(request, *a, **k):
    raise Http404


def find(request, *a, **k):
    raise Http404


def offer(request, *a, **k):
    raise Http404


def staff_book(request, *a, **k):
    raise Http404



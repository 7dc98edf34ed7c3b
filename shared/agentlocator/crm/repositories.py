"""All repositories over one Firestore client, built once per instance."""

from __future__ import annotations

from dataclasses import dataclass

from google.cloud import firestore

from agentlocator.clock import Clock
from agentlocator.config import Settings
from agentlocator.crm.appointments import AppointmentRepository
from agentlocator.crm.businesses import BusinessRepository
from agentlocator.crm.calls import CallRepository
from agentlocator.crm.firestore_client import make_firestore_client
from agentlocator.crm.leads import LeadRepository
from agentlocator.crm.messages import MessageRepository
from agentlocator.crm.notes import NoteRepository
from agentlocator.crm.prompts import PromptRepository
from agentlocator.crm.statuses import StatusRepository
from agentlocator.crm.tasks import TaskRepository


@dataclass(frozen=True)
class Repositories:
    client: firestore.Client
    businesses: BusinessRepository
    calls: CallRepository
    leads: LeadRepository
    statuses: StatusRepository
    messages: MessageRepository
    appointments: AppointmentRepository
    prompts: PromptRepository
    notes: NoteRepository
    tasks: TaskRepository
    clock: Clock  # stamps created_at / updated_at; the same clock the instance decides by

    @classmethod
    def from_client(cls, client: firestore.Client, clock: Clock) -> Repositories:
        businesses = BusinessRepository(client, clock)
        return cls(
            client=client,
            businesses=businesses,
            calls=CallRepository(client, clock),
            leads=LeadRepository(client, clock),
            statuses=StatusRepository(client),
            messages=MessageRepository(client),
            appointments=AppointmentRepository(client, clock),
            prompts=PromptRepository(client, businesses, clock),
            notes=NoteRepository(client),
            tasks=TaskRepository(client),
            clock=clock,
        )

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock) -> Repositories:
        return cls.from_client(make_firestore_client(settings), clock)
